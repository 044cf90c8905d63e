#include "hooks/huge_arenas.hpp"

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace weir::hooks {

namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;
constexpr std::size_t kRegion = std::size_t(64) << 20;  // address space; pages are touched as arenas fill

// The rest of the current region (only touched with the GIL held).
char* next_arena = nullptr;
std::size_t region_left = 0;

// A region of kRegion bytes aligned to a huge page, or false.
bool map_region() {
  void* p = mmap(nullptr, kRegion + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return false;
  auto start = reinterpret_cast<std::uintptr_t>(p);
  std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  std::uintptr_t end = start + kRegion + kHugePage;
  if (aligned > start) munmap(p, aligned - start);
  if (end > aligned + kRegion) munmap(reinterpret_cast<void*>(aligned + kRegion), end - (aligned + kRegion));
  madvise(reinterpret_cast<void*>(aligned), kRegion, MADV_HUGEPAGE);  // a hint: without THP, 4 KiB pages
  next_arena = reinterpret_cast<char*>(aligned);
  region_left = kRegion;
  return true;
}

void* arena_alloc(void*, std::size_t size) {
  if (size > kRegion) return nullptr;
  if (region_left < size && !map_region()) return nullptr;
  void* arena = next_arena;
  next_arena += size;
  region_left -= size;
  return arena;
}

void arena_free(void*, void* arena, std::size_t size) { munmap(arena, size); }

}  // namespace

HugePageArenas::HugePageArenas() {
  PyObject_GetArenaAllocator(&previous_);
  PyObjectArenaAllocator huge{nullptr, arena_alloc, arena_free};
  PyObject_SetArenaAllocator(&huge);
}

HugePageArenas::~HugePageArenas() { PyObject_SetArenaAllocator(&previous_); }

}  // namespace weir::hooks
