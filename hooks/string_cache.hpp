#pragma once
/// One Python str for each repeated value of a column (GET, US, 200 OK):
/// a column of few distinct values then costs a lookup, not an allocation,
/// per value, and its strings share memory. A column whose values seldom
/// repeat (ids, paths, times) stops being cached after a first sample.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <pybind11/pybind11.h>

namespace weir::hooks {

namespace py = pybind11;

class StringCache {
 public:
  /// A new reference to a str holding `text`, or nullptr with a Python error set.
  PyObject* get(std::string_view text) {
    if (!on_ || text.size() > kMaxLength) return make(text);
    auto it = strings_.find(text);
    if (it != strings_.end()) {
      ++hits_;
      PyObject* s = it->second.ptr();
      Py_INCREF(s);
      return s;
    }
    if (strings_.size() >= kMaxEntries || (++misses_ > kSample && hits_ < misses_)) {
      on_ = false;  // mostly distinct: not worth a lookup
      strings_.clear();
      return make(text);
    }
    PyObject* s = make(text);
    if (s) strings_.emplace(std::string(text), py::reinterpret_borrow<py::object>(s));
    return s;
  }

 private:
  static constexpr std::size_t kMaxLength = 256;  // user agents and URLs repeat too
  static constexpr std::size_t kMaxEntries = 4096;
  static constexpr std::uint64_t kSample = 256;

  static PyObject* make(std::string_view text) {
    return PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, py::object, Hash, std::equal_to<>> strings_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  bool on_ = true;
};

}  // namespace weir::hooks
