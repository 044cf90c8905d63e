#pragma once
/// The parallel engine (-j N): the rest of one input, after the block that
/// held its header, read on N threads and given back in input order.
///
///   cut (one thread): blocks of --block-size cut after their last line
///     break, numbered, their lines counted
///     (a regular file: the cut only finds where a chunk ends, in a small
///     window before its largest end; the thread that parses the chunk
///     reads it (pread), into its own core's cache, and counts its lines,
///     and they are numbered in input order: no thread copies the whole input)
///   -> on any thread: a fork of the reader parses the chunk from its first
///      byte, as the start of a record on the counted line; the per-record
///      stages (Stage::per_record) run on it, copies made for each thread,
///      and an aggregating stage after them folds it (Stage::fold)
///   -> in input order: the chunk is checked, its errors replayed into the
///      run's policy, the batch handed on: to the caller of next(), or, in
///      run(), to the stages after the per-record ones on the reading
///      thread that holds the ordered filter (no thread waits for another)
///
/// A CSV chunk's records start where the quotes say (BlockParser::
/// record_quote): each thread counts the line breaks and quotes in its
/// chunks; in input order, the count since the input's start says whether
/// a chunk ends inside a quoted field, and a scan back from its end finds
/// the last line break that ends a record (most often in its last record);
/// a record cut inside a quoted field goes to the chunk after the cut
/// (its bytes seen in place, or read; the blocks of a pipe or a .gz are
/// cut there by the cutting thread). Otherwise (no record quote, a lone
/// quote read as text, a quoted field over 1 MiB) a chunk's records are
/// taken to start at the line break it was cut at.
/// Either is a guess that next() checks exactly: the chunk must start where
/// the reader stands, nothing carried over from the chunk before and on the
/// same line; else the chunk is parsed again here, after the carry, as -j 1
/// reads it (and once the quotes' count was wrong, the rest is cut at line
/// breaks). So the output, the errors and their lines are -j 1's, whatever
/// the input.
/// At most 2 chunks per thread are in flight, and a group of 4 chunks per
/// thread waits in order (the ordered side is woken once per group).

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "core/formats/block_parser.hpp"
#include "core/io/sink.hpp"
#include "core/stages/stage.hpp"

namespace weir {

class ParallelInput {
 public:
  /// Makes the per-record stages that open the pipeline, for one thread,
  /// and after them, when `fold`, a copy of the aggregating stage that
  /// follows them (Stage::fold).
  using StageMaker = std::function<std::vector<std::unique_ptr<Stage>>()>;
  /// Takes a thread's stages back (as StageMaker made them, the folding
  /// copy last) when this object ends, after each has handed back what it
  /// saw (Stage::hand_back). They must live on: the batches they
  /// made may outlive this object (a tail keeps records to the end of the
  /// run, import weir converts a batch while the next is read), and a field
  /// a copy added can be named by that copy's own string.
  using StageReturn = std::function<void(std::vector<std::unique_ptr<Stage>>)>;
  /// Makes the output text of a staged batch on the reading thread
  /// (Stage::render of the writing stage that follows the per-record ones).
  using Render = std::function<const Header*(const Batch&, TextBuffer&)>;

  /// Reads `rest` (from reader.hand_over()) on `threads` threads; `reader`
  /// parses here what the forks cannot and must outlive this object. The
  /// batches leave `room` fields after each record (Batch::set_room).
  /// With `pull`, the threads start at once and next() takes their
  /// batches; else run() runs them.
  ParallelInput(BlockParser& reader, BlockParser::Rest rest, ErrorPolicy& errors, int threads,
                StageMaker make_stages, StageReturn return_stages, bool fold, std::size_t room = 0,
                Render render = {}, bool pull = true);
  /// Stops the reading threads (an early stop: head has its rows) and
  /// returns their stages.
  ~ParallelInput();
  ParallelInput(const ParallelInput&) = delete;
  ParallelInput& operator=(const ParallelInput&) = delete;

  struct Next {
    bool staged = false;        ///< the per-record stages have run on the batch
    std::int64_t records = 0;   ///< records the reader gave for it
    /// The aggregating stage's fold of the (staged) batch, to merge.
    std::unique_ptr<Partial> partial;
    /// The header of the records `text` holds the output of (Render), or
    /// nullptr when it was not made.
    const Header* rendered = nullptr;
    TextBuffer text;
    void clear() {
      staged = false;
      records = 0;
      partial.reset();
      rendered = nullptr;
      text.clear();
    }
  };
  /// The next batch in input order; false at the end of the input. Throws
  /// InputError as -j 1 would, after handing on the records before it.
  /// (`info.text` keeps its memory from one call to the next.)
  bool next(Batch& batch, Next& info);
  /// Instead of next(), without pull: reads the whole input on the threads,
  /// this one among them, and calls `consume` for each batch in input order
  /// (put in `batch` and `info`, as next() puts them), on whichever thread
  /// runs the ordered filter, never two at once. Returns false when
  /// `consume` did (the stages want no more), true at the end of the input.
  /// Throws what next() or `consume` throws, the threads stopped first.
  /// With no thread between the reading threads and the ordered side, the
  /// ordered side takes no wake-up per batch and no core of its own.
  /// With `holder` (the last stage, holding what it is pushed: Stage::hold),
  /// the batches it held in each `consume` are finished on the reading
  /// threads (Stage::finish_held: step's numbers, the output text) and
  /// written in input order (write_held); the hold is taken off
  /// (hold(false)) once the threads are done, before run() returns or throws.
  bool run(Batch& batch, Next& info, const std::function<bool()>& consume, Stage* holder = nullptr);

  /// Chunks parsed again here because a guess was wrong (for tests, bench).
  std::int64_t reparsed() const { return reparsed_; }

 private:
  struct Shared;  // what the reading threads and this one share (parallel_input.cpp)
  struct Chunk;   // a piece of the input, and what a thread made of it
  struct Worker;  // a reading thread's own reader and stages

  BlockParser& reader_;
  ErrorPolicy& errors_;
  std::unique_ptr<Shared> shared_;
  std::thread producer_;
  std::vector<DeferredError> log_;
  std::exception_ptr pending_;  // an error to raise once the good records are out
  bool finished_ = false;
  std::int64_t reparsed_ = 0;

  /// Puts the chunk's batch in `batch` (true: by swapping the two, and
  /// `info.text` with the chunk's text) or parses it here.
  bool take(Chunk& chunk, Batch& batch, Next& info);
  /// Before the input's failure is raised: the records in what the reader
  /// held back (BlockParser::parse_held) into `batch`; false when none.
  bool take_held(Batch& batch, Next& info);
  /// Replays log_'s errors into the run's policy, as -j 1 meets them.
  void replay(Batch& batch, Next& info);
};

}  // namespace weir
