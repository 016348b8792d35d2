#include "runtime/memory_reuse.h"

#include <climits>  // also defines __GLIBC__ when the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace noisynn {

void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
    // Every block from the heap, none mapped on its own; a freed top of the heap stays with the
    // process. The peak is what the run needs anyway, and steps repeat their allocations.
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
}

}  // namespace noisynn
