// new FdWatch(fd, onReadable, recheckUs): the Node-API face of native/fd-watch.c. onReadable() runs on the
// JavaScript thread each time the descriptor becomes readable; the caller reads it (non-blocking)
// and calls rearm(); stop() joins the thread. The watch does not keep the event loop alive.
#include "fd-watch-napi.h"
#include "napi-failure.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <unistd.h>

extern "C" {
#include "fd-watch.h"
}

namespace {

class FdWatchWrap : public Napi::ObjectWrap<FdWatchWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "FdWatch", {InstanceMethod("rearm", &FdWatchWrap::Rearm), InstanceMethod("stop", &FdWatchWrap::Stop)});
  }
  explicit FdWatchWrap(const Napi::CallbackInfo &info) : Napi::ObjectWrap<FdWatchWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsFunction() || !info[2].IsNumber()) {
      Napi::TypeError::New(env, "FdWatch: expected (fd: number, onReadable: function, recheckUs: number)").ThrowAsJavaScriptException();
      return;
    }
    int fd = info[0].As<Napi::Number>().Int32Value();
    long recheck_us = static_cast<long>(info[2].As<Napi::Number>().Int64Value());
    tsfn_ = Napi::ThreadSafeFunction::New(env, info[1].As<Napi::Function>(), "oomlab-fd-watch", 0, 1);
    tsfn_.Unref(env);
    const char *syscall = "";
    int e = fd_watch_start(fd, recheck_us, &FdWatchWrap::OnReady, this, &w_, &syscall);
    if (e) {
      tsfn_.Release();
      live_ = false;
      NativeFailure(env, e, syscall).ThrowAsJavaScriptException();
      return;
    }
    live_ = true;
  }
  ~FdWatchWrap() override { Close(); }

 private:
  // A call queued just before stop() may be delivered while Node tears the environment down, where
  // calling into JavaScript fails; node-addon-api's default would turn that failure into a fatal
  // napi_throw at exit, so the call is made through the C API and a failure there is left alone (an
  // exception thrown by the callback itself stays pending and surfaces as usual).
  static void OnReady(void *ctx) { static_cast<FdWatchWrap *>(ctx)->tsfn_.NonBlockingCall(&FdWatchWrap::CallJs); }
  static void CallJs(Napi::Env env, Napi::Function cb) {
    if (env == nullptr || cb.IsEmpty()) return;
    napi_value undefined, result;
    if (napi_get_undefined(env, &undefined) != napi_ok) return;
    napi_call_function(env, undefined, cb, 0, nullptr, &result);
  }
  void Close() {
    if (!live_) return;
    live_ = false;
    fd_watch_stop(w_);  // joined: OnReady is not called after this
    w_ = nullptr;
    tsfn_.Release();
  }
  Napi::Value Rearm(const Napi::CallbackInfo &info) {
    if (live_) fd_watch_rearm(w_);
    return info.Env().Undefined();
  }
  Napi::Value Stop(const Napi::CallbackInfo &info) {
    Close();
    return info.Env().Undefined();
  }

  fd_watch *w_ = nullptr;
  Napi::ThreadSafeFunction tsfn_;
  bool live_ = false;
};

// seekEnd(fd): lseek(fd, 0, SEEK_END), the new offset. For /dev/kmsg this skips the records already
// in the ring, so a reader starts at the records to come without reading the backlog one record a
// read (node has no lseek).
Napi::Value SeekEnd(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) {
    Napi::TypeError::New(env, "seekEnd: expected (fd: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  off_t at = lseek(info[0].As<Napi::Number>().Int32Value(), 0, SEEK_END);
  if (at < 0) {
    NativeFailure(env, errno, "lseek").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Number::New(env, static_cast<double>(at));
}

}  // namespace

void RegisterFdWatch(Napi::Env env, Napi::Object exports) {
  exports.Set("FdWatch", FdWatchWrap::Define(env));
  exports.Set("seekEnd", Napi::Function::New(env, SeekEnd));
}
