{
  # One build description for both faces of the C core (see README, design notes):
  # the Node-API addon and the standalone oomlab-hog executable share engine.c and layout.c.
  "target_defaults": {
    "cflags_c": ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-D_GNU_SOURCE"],
    "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-O2"],
    "cflags!": ["-fno-exceptions"],
    "cflags_cc!": ["-fno-exceptions"]
  },
  "targets": [
    {
      "target_name": "oomlab",
      "sources": ["native/addon.cc", "native/engine.c", "native/layout.c", "native/sampler.c", "native/fd-watch.c", "native/fd-watch-napi.cc", "native/thread-sched.c"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"]
    },
    {
      "target_name": "oomlab-hog",
      "type": "executable",
      "sources": ["native/hog-main.c", "native/engine.c", "native/layout.c", "native/fork-server.c"],
      # Every symbol bound at start: a fork-server child runs without an exec, and lazy binding
      # would write the GOT in each child (a copy-on-write fault per function, per hog). Linked
      # statically where the toolchain can: see scripts/hog-link-flags.mjs.
      "ldflags": ["-Wl,-z,now", "<!@(node scripts/hog-link-flags.mjs)"]
    }
  ]
}
