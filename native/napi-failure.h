// The Error a failed system call crosses into JavaScript as: the syscall's name and errno on it, which
// src/native/errors.ts turns into a NativeError. Shared by addon.cc and fd-watch-napi.cc.
#ifndef OOMLAB_NAPI_FAILURE_H
#define OOMLAB_NAPI_FAILURE_H
#include <napi.h>

#include <cstring>
#include <string>

inline Napi::Error NativeFailure(Napi::Env env, int err, const char *syscall) {
  Napi::Error e = Napi::Error::New(env, std::string(syscall) + ": " + std::strerror(err));
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, syscall));
  return e;
}
#endif
