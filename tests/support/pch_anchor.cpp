// Anchors the precompiled LibTorch + Qt Test header that the tests which use LibTorch reuse.
