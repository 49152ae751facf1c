// The Node-API face of the C core: layout() runs the probe in this process; hog() runs the engine on
// a worker thread and resolves with its final counts; new Sampler(config) wraps the native sampling
// thread (native/sampler.c), whose records JavaScript drains into a Float64Array; threadSched() and
// setThreadSched() read and set the calling thread's priority (native/thread-sched.c). Arguments arrive
// already validated and normalised by TypeScript (src/engine/config.ts, src/proc/native-sampler.ts:
// bytes, nanoseconds, known words); this file converts types and takes nothing for granted: every key
// is required, and a missing or malformed one is a TypeError naming it (no silent default). The
// names of hog()'s keys, words and record fields come from engine-contract.h, generated from
// src/engine/contract.ts. Failures of the C core cross as an Error carrying errno and the syscall's
// name, which src/native/errors.ts turns into a NativeError.
#include <napi.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

#include "fd-watch-napi.h"
#include "napi-failure.h"

extern "C" {
#include "engine.h"
#include "layout.h"
#include "sampler.h"
#include "thread-sched.h"
}

namespace {

Napi::Value Addr(Napi::Env env, uintptr_t a) { return Napi::BigInt::New(env, static_cast<uint64_t>(a)); }

Napi::Value Layout(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  layout_probe p;
  int e = layout_run(reinterpret_cast<const void *>(&Layout), &p);
  if (e) {
    NativeFailure(env, e, p.syscall).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("functionName", "Layout (the addon's probe entry)");
  o.Set("functionAddr", Addr(env, p.function_addr));
  o.Set("globalInitAddr", Addr(env, p.global_init_addr));
  o.Set("globalArrayStart", Addr(env, p.global_array_start));
  o.Set("globalArrayEnd", Addr(env, p.global_array_end));
  o.Set("rodataAddr", Addr(env, p.rodata_addr));
  o.Set("stackBottomAddr", Addr(env, p.stack_bottom_addr));
  o.Set("stackTopAddr", Addr(env, p.stack_top_addr));
  o.Set("brkBefore", Addr(env, p.brk_before));
  o.Set("mallocAddr", Addr(env, p.malloc_addr));
  o.Set("brkAfterMalloc", Addr(env, p.brk_after_malloc));
  o.Set("brkAfterFree", Addr(env, p.brk_after_free));
  o.Set("mallocSize", Napi::Number::New(env, static_cast<double>(p.malloc_size)));
  o.Set("pageSize", Napi::Number::New(env, static_cast<double>(p.page_size)));
  o.Set("maps", Napi::String::New(env, p.maps, p.maps_len));
  layout_free(&p);
  return o;
}

struct Event {
  hog_event ev;
  hog_stats stats;
};

// The record, with the same keys as the executable's JSON lines (engine-contract.h).
Napi::Object StatsObject(Napi::Env env, hog_event ev, const hog_stats &s) {
  Napi::Object o = Napi::Object::New(env);
  o.Set(HOG_KEY_EV, hog_event_names[ev]);
  o.Set(HOG_KEY_PHASE, hog_phase_names[s.phase]);
  o.Set(HOG_KEY_OUTCOME, hog_outcome_names[s.outcome]);
#define COUNTER_SET(field, key) o.Set(key, static_cast<double>(s.field));
  HOG_RECORD_COUNTERS(COUNTER_SET)
#undef COUNTER_SET
  o.Set(HOG_KEY_ERRNO, s.err);
  o.Set(HOG_KEY_SYSCALL, s.syscall);
  return o;
}

class HogWorker : public Napi::AsyncProgressQueueWorker<Event> {
 public:
  HogWorker(Napi::Env env, const hog_config &cfg, Napi::Function on_event, std::shared_ptr<std::atomic<int>> stop)
      : Napi::AsyncProgressQueueWorker<Event>(env), cfg_(cfg), stop_(std::move(stop)), deferred_(Napi::Promise::Deferred::New(env)) {
    if (!on_event.IsEmpty()) on_event_ = Napi::Persistent(on_event);
  }
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute(const ExecutionProgress &progress) override {
    progress_ = &progress;
    hog_hooks hooks{&HogWorker::OnEngineEvent, &HogWorker::ShouldStop, nullptr, this};  // no sleep hook: a stop comes from another thread, polled every 10 ms
    hog_run(&cfg_, &hooks, &final_);
    progress_ = nullptr;
  }
  void OnProgress(const Event *events, size_t count) override {
    if (on_event_.IsEmpty()) return;
    Napi::HandleScope scope(Env());
    for (size_t i = 0; i < count; i++) on_event_.Call({StatsObject(Env(), events[i].ev, events[i].stats)});
  }
  void OnOK() override {
    Napi::Env env = Env();
    if (final_.outcome == HOG_OUTCOME_ERROR) deferred_.Reject(NativeFailure(env, final_.err, final_.syscall).Value());
    else deferred_.Resolve(StatsObject(env, HOG_EV_DONE, final_));
  }
  void OnError(const Napi::Error &e) override { deferred_.Reject(e.Value()); }

 private:
  static void OnEngineEvent(hog_event ev, const hog_stats *s, void *ctx) {
    auto *self = static_cast<HogWorker *>(ctx);
    if (ev == HOG_EV_DONE || !self->progress_) return;  // the final counts go to the promise
    Event e{ev, *s};
    self->progress_->Send(&e, 1);
  }
  static int ShouldStop(void *ctx) { return static_cast<HogWorker *>(ctx)->stop_->load(std::memory_order_relaxed); }

  hog_config cfg_;
  std::shared_ptr<std::atomic<int>> stop_;
  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference on_event_;
  const ExecutionProgress *progress_ = nullptr;
  hog_stats final_{};
};

// Required keys. Each reader throws a TypeError naming the key and returns false when the key is
// missing or its value is not of its kind; there are no fallbacks.
bool Refuse(Napi::Env env, const char *what, const char *key, const char *expected) {
  Napi::TypeError::New(env, std::string(what) + ": " + key + ": expected " + expected).ThrowAsJavaScriptException();
  return false;
}

bool ReadNumber(Napi::Env env, const Napi::Object &o, const char *what, const char *key, double *out) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return Refuse(env, what, key, "a value (the key is missing; every key is required)");
  if (!v.IsNumber() || !std::isfinite(v.As<Napi::Number>().DoubleValue())) return Refuse(env, what, key, "a finite number");
  *out = v.As<Napi::Number>().DoubleValue();
  return true;
}

bool ReadU64(Napi::Env env, const Napi::Object &o, const char *what, const char *key, const char *const *, int, uint64_t *out) {
  double d = 0;
  if (!ReadNumber(env, o, what, key, &d)) return false;
  if (d < 0 || d != std::floor(d) || d >= 18446744073709551616.0) return Refuse(env, what, key, "a whole number >= 0");
  *out = static_cast<uint64_t>(d);
  return true;
}

bool ReadI64(Napi::Env env, const Napi::Object &o, const char *what, const char *key, const char *const *, int, int64_t *out) {
  double d = 0;
  if (!ReadNumber(env, o, what, key, &d)) return false;
  if (d != std::floor(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) return Refuse(env, what, key, "a whole number");
  *out = static_cast<int64_t>(d);
  return true;
}

bool ReadF64(Napi::Env env, const Napi::Object &o, const char *what, const char *key, const char *const *, int, double *out) {
  return ReadNumber(env, o, what, key, out);
}

template <typename Enum>
bool ReadWORD(Napi::Env env, const Napi::Object &o, const char *what, const char *key, const char *const *words, int n, Enum *out) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return Refuse(env, what, key, "a value (the key is missing; every key is required)");
  std::string expected = "one of";
  for (int i = 0; i < n; i++) expected += std::string(i ? ", " : " ") + words[i];
  if (!v.IsString()) return Refuse(env, what, key, expected.c_str());
  std::string word = v.As<Napi::String>().Utf8Value();
  for (int i = 0; i < n; i++) {
    if (word == words[i]) {
      *out = static_cast<Enum>(i);
      return true;
    }
  }
  return Refuse(env, what, key, expected.c_str());
}

// hog(config, onEvent?) -> { promise, stop }; config has every key of HOG_OPTIONS.
Napi::Value Hog(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    Napi::TypeError::New(env, "hog: expected a config object").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object o = info[0].As<Napi::Object>();
  hog_config c{};
#define FROM_OBJECT(index, field, key, flag, kind, words, n, dflt) \
  if (!Read##kind(env, o, "hog", key, words, n, &c.field)) return env.Undefined();
  HOG_OPTIONS(FROM_OBJECT)
#undef FROM_OBJECT
  c.report_blocks = 0;
  Napi::Function on_event = info.Length() > 1 && info[1].IsFunction() ? info[1].As<Napi::Function>() : Napi::Function();
  auto stop = std::make_shared<std::atomic<int>>(0);
  auto *worker = new HogWorker(env, c, on_event, stop);
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("promise", worker->Promise());
  handle.Set("stop", Napi::Function::New(env, [stop](const Napi::CallbackInfo &) { stop->store(1); }));
  worker->Queue();
  return handle;
}

// new Sampler({ intervalNs, detailEvery, detailChanged, capacity, changesOnly }): the native sampling thread.
// Its methods only convert types; src/proc/native-sampler.ts validates everything first.
class SamplerWrap : public Napi::ObjectWrap<SamplerWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Sampler",
                       {InstanceMethod("setPids", &SamplerWrap::SetPids), InstanceMethod("start", &SamplerWrap::Start),
                        InstanceMethod("stop", &SamplerWrap::Stop), InstanceMethod("drainInto", &SamplerWrap::DrainInto),
                        InstanceMethod("counts", &SamplerWrap::Counts), InstanceMethod("destroy", &SamplerWrap::Destroy)});
  }
  explicit SamplerWrap(const Napi::CallbackInfo &info) : Napi::ObjectWrap<SamplerWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsObject()) {
      NativeFailure(env, EINVAL, "sampler_create").ThrowAsJavaScriptException();
      return;
    }
    Napi::Object o = info[0].As<Napi::Object>();
    sampler_config c{};
    uint64_t every = 0, changed = 0, capacity = 0, changes_only = 0;
    const char *what = "Sampler";
    if (!ReadU64(env, o, what, "intervalNs", nullptr, 0, &c.interval_ns) || !ReadU64(env, o, what, "detailEvery", nullptr, 0, &every) ||
        !ReadU64(env, o, what, "detailChanged", nullptr, 0, &changed) || !ReadU64(env, o, what, "capacity", nullptr, 0, &capacity) ||
        !ReadU64(env, o, what, "changesOnly", nullptr, 0, &changes_only))
      return;
    if (every > UINT32_MAX || changed > UINT32_MAX || capacity > UINT32_MAX) {
      Refuse(env, what, every > UINT32_MAX ? "detailEvery" : changed > UINT32_MAX ? "detailChanged" : "capacity", "a whole number below 2^32");
      return;
    }
    c.detail_every = static_cast<uint32_t>(every);
    c.detail_changed = static_cast<uint32_t>(changed);
    c.capacity = static_cast<uint32_t>(capacity);
    c.changes_only = changes_only != 0;
    const char *syscall = "";
    int e = sampler_create(&c, &s_, &syscall);
    if (e) NativeFailure(env, e, syscall).ThrowAsJavaScriptException();
  }
  ~SamplerWrap() override { sampler_destroy(s_); }

 private:
  bool Live(Napi::Env env, const char *what) {
    if (s_) return true;
    NativeFailure(env, EBADF, what).ThrowAsJavaScriptException();
    return false;
  }
  Napi::Value SetPids(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!Live(env, "sampler_set_pids")) return env.Undefined();
    if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
      NativeFailure(env, EINVAL, "sampler_set_pids").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Int32Array a = info[0].As<Napi::Int32Array>();
    int e = sampler_set_pids(s_, a.Data(), static_cast<uint32_t>(a.ElementLength()));
    if (e) NativeFailure(env, e, "malloc").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Value Start(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!Live(env, "sampler_start")) return env.Undefined();
    int e = sampler_start(s_);
    if (e) NativeFailure(env, e, "pthread_create").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Value Stop(const Napi::CallbackInfo &info) {
    if (s_) sampler_stop(s_);
    return info.Env().Undefined();
  }
  // drainInto(Float64Array) -> records moved into it (SAMPLER_RECORD_DOUBLES each); nothing is allocated.
  Napi::Value DrainInto(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!Live(env, "sampler_drain")) return env.Undefined();
    if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
      NativeFailure(env, EINVAL, "sampler_drain").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Float64Array a = info[0].As<Napi::Float64Array>();
    uint32_t max = static_cast<uint32_t>(a.ElementLength() / SAMPLER_RECORD_DOUBLES);
    uint32_t n = sampler_drain(s_, reinterpret_cast<sampler_record *>(a.Data()), max);
    return Napi::Number::New(env, n);
  }
  Napi::Value Counts(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    uint64_t dropped = 0, ticks = 0;
    int running = 0;
    if (s_) sampler_counts(s_, &dropped, &ticks, &running);
    o.Set("dropped", static_cast<double>(dropped));
    o.Set("ticks", static_cast<double>(ticks));
    o.Set("running", running != 0);
    return o;
  }
  // Stops and joins the thread and closes every descriptor now, rather than at garbage collection.
  Napi::Value Destroy(const Napi::CallbackInfo &info) {
    sampler_destroy(s_);
    s_ = nullptr;
    return info.Env().Undefined();
  }

  sampler *s_ = nullptr;
};

// threadSched() -> { nice, policy, resetOnFork } of the calling (JavaScript) thread.
Napi::Value ThreadSched(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  int nice = 0, policy = 0, reset = 0;
  const char *syscall = "";
  int e = thread_sched_get(&nice, &policy, &reset, &syscall);
  if (e) {
    NativeFailure(env, e, syscall).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("nice", Napi::Number::New(env, nice));
  o.Set("policy", Napi::Number::New(env, policy));
  o.Set("resetOnFork", Napi::Boolean::New(env, reset != 0));
  return o;
}

// setThreadSched(nice, resetOnFork) for the calling (JavaScript) thread.
Napi::Value SetThreadSched(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsBoolean()) {
    Napi::TypeError::New(env, "setThreadSched: expected (nice: number, resetOnFork: boolean)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const char *syscall = "";
  int e = thread_sched_set(info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::Boolean>().Value() ? 1 : 0, &syscall);
  if (e) NativeFailure(env, e, syscall).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("layout", Napi::Function::New(env, Layout));
  exports.Set("hog", Napi::Function::New(env, Hog));
  exports.Set("Sampler", SamplerWrap::Define(env));
  exports.Set("threadSched", Napi::Function::New(env, ThreadSched));
  exports.Set("setThreadSched", Napi::Function::New(env, SetThreadSched));
  RegisterFdWatch(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(oomlab, Init)
