// The weir command opens libtbb.so on its first call into it, not at start-up.
//
// TBB runs only weir -j N's reading threads (core/pipeline/parallel_input.cpp),
// but linked as a NEEDED library it is mapped, relocated and initialised at
// every start (its constructors clear an 80 KiB table): ~0.8 ms of a 6 ms
// `weir --version` on the CI machine (issue 14: start-up under 5 ms). These
// are the entry points the TBB headers weir uses call; each looks its
// libtbb.so.12 function up once. A new entry point (another TBB header, a
// newer TBB) fails the link of weir with an undefined reference: add it here.
// The symbols are hidden (CXX_VISIBILITY_PRESET), so that libtbb's calls to
// its own functions do not come back here. Only the weir executable has this
// file; the Python module and the tests link libtbb itself.

#include <oneapi/tbb/cache_aligned_allocator.h>
#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/parallel_sort.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>
#include <oneapi/tbb/tbb_allocator.h>

#include "cli/on_demand.hpp"

namespace {

void* tbb_function(const char* name) {
  static void* const library = weir::cli::open_library("libtbb.so.12", "-j needs (TBB)");
  return weir::cli::library_function(library, name, "libtbb.so.12", "-j needs (TBB)");
}

}  // namespace

// ret name(params) calls libtbb's `symbol` with args
#define WEIR_TBB(ret, name, symbol, params, args)                                   \
  ret name params {                                                                 \
    static const auto function = reinterpret_cast<ret(*) params>(tbb_function(symbol)); \
    return function args;                                                           \
  }

namespace tbb::detail::r1 {

using d1::base_filter;
using d1::delegate_base;
using d1::execution_data;
using d1::global_control;
using d1::small_object_pool;
using d1::task;
using d1::task_arena_base;
using d1::task_group_context;
using d1::wait_context;

WEIR_TBB(void, initialize, "_ZN3tbb6detail2r110initializeERNS0_2d115task_arena_baseE",
         (task_arena_base & arena), (arena))
WEIR_TBB(void, terminate, "_ZN3tbb6detail2r19terminateERNS0_2d115task_arena_baseE",
         (task_arena_base & arena), (arena))
WEIR_TBB(void, execute, "_ZN3tbb6detail2r17executeERNS0_2d115task_arena_baseERNS2_13delegate_baseE",
         (task_arena_base & arena, delegate_base& body), (arena, body))
WEIR_TBB(void, initialize, "_ZN3tbb6detail2r110initializeERNS0_2d118task_group_contextE",
         (task_group_context & context), (context))
WEIR_TBB(void, destroy, "_ZN3tbb6detail2r17destroyERNS0_2d118task_group_contextE",
         (task_group_context & context), (context))
WEIR_TBB(void, create, "_ZN3tbb6detail2r16createERNS0_2d114global_controlE",
         (global_control & control), (control))
WEIR_TBB(void, destroy, "_ZN3tbb6detail2r17destroyERNS0_2d114global_controlE",
         (global_control & control), (control))
WEIR_TBB(void, parallel_pipeline,
         "_ZN3tbb6detail2r117parallel_pipelineERNS0_2d118task_group_contextEmRKNS2_11filter_nodeE",
         (task_group_context & context, std::size_t tokens, const d1::filter_node& filters),
         (context, tokens, filters))
WEIR_TBB(void, set_end_of_input, "_ZN3tbb6detail2r116set_end_of_inputERNS0_2d111base_filterE",
         (base_filter & filter), (filter))
WEIR_TBB(void*, allocate_memory, "_ZN3tbb6detail2r115allocate_memoryEm", (std::size_t size), (size))
WEIR_TBB(void, deallocate_memory, "_ZN3tbb6detail2r117deallocate_memoryEPv", (void* p), (p))
WEIR_TBB(void*, cache_aligned_allocate, "_ZN3tbb6detail2r122cache_aligned_allocateEm", (std::size_t size),
         (size))
WEIR_TBB(void, cache_aligned_deallocate, "_ZN3tbb6detail2r124cache_aligned_deallocateEPv", (void* p), (p))
WEIR_TBB(std::uint8_t*, allocate_bounded_queue_rep, "_ZN3tbb6detail2r126allocate_bounded_queue_repEm",
         (std::size_t size), (size))
WEIR_TBB(void, deallocate_bounded_queue_rep, "_ZN3tbb6detail2r128deallocate_bounded_queue_repEPhm",
         (std::uint8_t * mem, std::size_t size), (mem, size))
WEIR_TBB(void, notify_bounded_queue_monitor,
         "_ZN3tbb6detail2r128notify_bounded_queue_monitorEPNS1_18concurrent_monitorEmm",
         (concurrent_monitor * monitors, std::size_t tag, std::size_t ticket), (monitors, tag, ticket))
WEIR_TBB(void, wait_bounded_queue_monitor,
         "_ZN3tbb6detail2r126wait_bounded_queue_monitorEPNS1_18concurrent_monitorEmlRNS0_2d113delegate_baseE",
         (concurrent_monitor * monitors, std::size_t tag, std::ptrdiff_t target, delegate_base& predicate),
         (monitors, tag, target, predicate))
WEIR_TBB(void, abort_bounded_queue_monitors, "_ZN3tbb6detail2r128abort_bounded_queue_monitorsEPNS1_18concurrent_monitorE",
         (concurrent_monitor * monitors), (monitors))

// (tbb::parallel_sort, as sort orders its records: tasks, their memory, their waits)
WEIR_TBB(void*, allocate, "_ZN3tbb6detail2r18allocateERPNS0_2d117small_object_poolEm",
         (small_object_pool * &pool, std::size_t bytes), (pool, bytes))
WEIR_TBB(void*, allocate, "_ZN3tbb6detail2r18allocateERPNS0_2d117small_object_poolEmRKNS2_14execution_dataE",
         (small_object_pool * &pool, std::size_t bytes, const execution_data& ed), (pool, bytes, ed))
WEIR_TBB(void, deallocate,
         "_ZN3tbb6detail2r110deallocateERNS0_2d117small_object_poolEPvmRKNS2_14execution_dataE",
         (small_object_pool & pool, void* p, std::size_t bytes, const execution_data& ed),
         (pool, p, bytes, ed))
WEIR_TBB(void, spawn, "_ZN3tbb6detail2r15spawnERNS0_2d14taskERNS2_18task_group_contextE",
         (task & t, task_group_context& context), (t, context))
WEIR_TBB(
    void, execute_and_wait,
    "_ZN3tbb6detail2r116execute_and_waitERNS0_2d14taskERNS2_18task_group_contextERNS2_12wait_contextES6_",
    (task & t, task_group_context& t_context, wait_context& waited, task_group_context& w_context),
    (t, t_context, waited, w_context))
WEIR_TBB(void, notify_waiters, "_ZN3tbb6detail2r114notify_waitersEm", (std::uintptr_t wait_context_address),
         (wait_context_address))
WEIR_TBB(d1::slot_id, execution_slot, "_ZN3tbb6detail2r114execution_slotEPKNS0_2d114execution_dataE",
         (const execution_data* ed), (ed))
WEIR_TBB(bool, cancel_group_execution,
         "_ZN3tbb6detail2r122cancel_group_executionERNS0_2d118task_group_contextE",
         (task_group_context & context), (context))
WEIR_TBB(bool, is_group_execution_cancelled,
         "_ZN3tbb6detail2r128is_group_execution_cancelledERNS0_2d118task_group_contextE",
         (task_group_context & context), (context))
WEIR_TBB(int, max_concurrency, "_ZN3tbb6detail2r115max_concurrencyEPKNS0_2d115task_arena_baseE",
         (const task_arena_base* arena), (arena))

WEIR_TBB(void, throw_exception, "_ZN3tbb6detail2r115throw_exceptionENS0_2d012exception_idE",
         (d0::exception_id id), (id))
// (the builds without NDEBUG: TBB_USE_DEBUG asserts and names its sync objects for ITT)
WEIR_TBB(void, call_itt_notify, "_ZN3tbb6detail2r115call_itt_notifyEiPv", (int type, void* p), (type, p))
WEIR_TBB(void, create_itt_sync, "_ZN3tbb6detail2r115create_itt_syncEPvPKcS4_",
         (void* p, const char* type, const char* name), (p, type, name))
WEIR_TBB(void, assertion_failure, "_ZN3tbb6detail2r117assertion_failureEPKciS3_S3_",
         (const char* location, int line, const char* expression, const char* comment),
         (location, line, expression, comment))

}  // namespace tbb::detail::r1
