// The Node-API face of the C core: layout() runs the probe in this process; hog() runs the engine on
// a worker thread and resolves with its final counts; new Sampler(config) wraps the native sampling
// thread (native/sampler.c), whose records JavaScript drains into a Float64Array. Arguments arrive already validated and
// normalised by src/native/ (bytes, nanoseconds, known words); this file only converts types.
// Failures cross as an Error carrying errno and the syscall's name, which src/native/ turns into
// a NativeError.
#include <napi.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

extern "C" {
#include "engine.h"
#include "layout.h"
#include "sampler.h"
}

namespace {

Napi::Error NativeFailure(Napi::Env env, int err, const char *syscall) {
  Napi::Error e = Napi::Error::New(env, std::string(syscall) + ": " + std::strerror(err));
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, syscall));
  return e;
}

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

Napi::Object StatsObject(Napi::Env env, hog_event ev, const hog_stats &s) {
  static const char *names[] = {"tick", "block", "fail", "phase", "done"};
  Napi::Object o = Napi::Object::New(env);
  o.Set("ev", names[ev]);
  o.Set("phase", hog_phase_name(s.phase));
  o.Set("outcome", hog_outcome_name(s.outcome));
  o.Set("blocks", static_cast<double>(s.blocks));
  o.Set("allocated", static_cast<double>(s.allocated_bytes));
  o.Set("touched", static_cast<double>(s.touched_bytes));
  o.Set("failures", static_cast<double>(s.failures));
  o.Set("rewrites", static_cast<double>(s.rewrites));
  o.Set("elapsedNs", static_cast<double>(s.elapsed_ns));
  o.Set("firstFailNs", static_cast<double>(s.first_fail_ns));
  o.Set("hugeTouched", static_cast<double>(s.huge_touched));
  o.Set("probes", static_cast<double>(s.probes));
  o.Set("errno", s.err);
  o.Set("syscall", s.syscall);
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
    hog_hooks hooks{&HogWorker::OnEngineEvent, &HogWorker::ShouldStop, this};
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

double Num(const Napi::Object &o, const char *key, double fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}

// hog(config, onEvent?) -> { promise, stop }
Napi::Value Hog(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    NativeFailure(env, EINVAL, "hog").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object o = info[0].As<Napi::Object>();
  hog_config c{};
  c.block_bytes = static_cast<uint64_t>(Num(o, "blockBytes", 0));
  c.total_bytes = static_cast<uint64_t>(Num(o, "totalBytes", 0));
  c.count_blocks = static_cast<uint64_t>(Num(o, "countBlocks", 0));
  c.touch = static_cast<hog_touch>(static_cast<int>(Num(o, "touch", 0)));
  c.touch_fraction = Num(o, "touchFraction", 0);
  c.interval_ns = static_cast<uint64_t>(Num(o, "intervalNs", 0));
  c.allocator = static_cast<hog_allocator>(static_cast<int>(Num(o, "allocator", 0)));
  c.on_fail = static_cast<hog_on_fail>(static_cast<int>(Num(o, "onFail", 0)));
  c.after = static_cast<hog_after>(static_cast<int>(Num(o, "after", 0)));
  c.hold_ns = static_cast<int64_t>(Num(o, "holdNs", -1));
  c.rewrite_ns = static_cast<uint64_t>(Num(o, "rewriteNs", 0));
  c.progress_every_ns = static_cast<uint64_t>(Num(o, "progressEveryNs", 10e6));
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
    c.interval_ns = static_cast<uint64_t>(Num(o, "intervalNs", 0));
    c.detail_every = static_cast<uint32_t>(Num(o, "detailEvery", 0));
    c.detail_changed = static_cast<uint32_t>(Num(o, "detailChanged", 0));
    c.capacity = static_cast<uint32_t>(Num(o, "capacity", 0));
    c.changes_only = Num(o, "changesOnly", 0) != 0;
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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("layout", Napi::Function::New(env, Layout));
  exports.Set("hog", Napi::Function::New(env, Hog));
  exports.Set("Sampler", SamplerWrap::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(oomlab, Init)
