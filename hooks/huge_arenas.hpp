#pragma once
/// While one of these lives, the small-object allocator (pymalloc) takes its
/// 1 MiB arenas from regions the kernel may back with 2 MiB pages
/// (madvise MADV_HUGEPAGE). A million records made into dicts fill about a
/// gigabyte of arenas: with 4 KiB pages that is 250,000 page faults, a third
/// of the time weir.records() takes on a virtual machine; with 2 MiB pages,
/// 500. numpy advises its large arrays the same way.
///
/// Scoped to the conversion of a batch, so the rest of the process keeps
/// Python's own arena allocator. Arenas are freed with munmap either way, as
/// Python's default allocator does, so an arena made here may be freed after
/// the scope ends (and the other way round).

#include <Python.h>

namespace weir::hooks {

class HugePageArenas {
 public:
  HugePageArenas();
  ~HugePageArenas();
  HugePageArenas(const HugePageArenas&) = delete;
  HugePageArenas& operator=(const HugePageArenas&) = delete;

 private:
  PyObjectArenaAllocator previous_{};
};

}  // namespace weir::hooks
