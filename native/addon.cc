// The Node-API face of the C core: layout() runs the probe in this process; hog() runs the engine on
// a worker thread and resolves with its final counts. Arguments arrive already validated and
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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("layout", Napi::Function::New(env, Layout));
  exports.Set("hog", Napi::Function::New(env, Hog));
  return exports;
}

}  // namespace

NODE_API_MODULE(oomlab, Init)
