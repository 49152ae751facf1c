// Registers the FdWatch class (fd-watch-napi.cc) on the addon's exports.
#ifndef OOMLAB_FD_WATCH_NAPI_H
#define OOMLAB_FD_WATCH_NAPI_H
#include <napi.h>
void RegisterFdWatch(Napi::Env env, Napi::Object exports);
#endif
