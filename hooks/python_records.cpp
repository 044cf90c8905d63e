#include "hooks/python_records.hpp"

#include "hooks/columns.hpp"
#include "hooks/convert.hpp"

namespace weir::hooks {

PyObject* PythonRecords::key(std::string_view name) {
  auto it = keys_.find(std::string(name));
  if (it == keys_.end()) {
    py::str text(name.data(), name.size());
    it = keys_.emplace(std::string(name), std::move(text)).first;
  }
  return it->second.ptr();
}

StringCache& PythonRecords::cache(std::string_view name) { return runtime_.text_cache(name); }

py::list PythonRecords::dicts(Batch& batch) {
  types_.learn(batch);
  const std::size_t n = batch.size();
  py::list out(n);
  for (std::size_t r = 0; r < n; ++r) {
    RecordRef record = batch[r];
    const Header* header = record.header();
    if (header && header->id != header_id_) {
      header_id_ = header->id;
      header_keys_.clear();
      header_caches_.clear();
      template_ = py::dict();
      for (const std::string& name : header->names) {
        header_keys_.push_back(key(name));
        header_caches_.push_back(&cache(name));
        template_[header_keys_.back()] = py::none();
      }
    }
    // A record with its header's fields starts as a copy of the header's
    // dict (one copy of a table sized once, where inserting key by key
    // grows it twice); the values are then set in place.
    const bool whole = header && record.size() == header_keys_.size() &&
                       PyDict_GET_SIZE(template_.ptr()) == static_cast<Py_ssize_t>(record.size());
    auto d = py::reinterpret_steal<py::dict>(whole ? PyDict_Copy(template_.ptr()) : PyDict_New());
    if (!d) throw py::error_already_set();
    for (std::size_t i = 0; i < record.size(); ++i) {
      const Field& f = record[i];
      const bool by_header = header && i < header_keys_.size();
      PyObject* k = by_header ? header_keys_[i] : key(f.name);
      ColumnType type = types_.type_of(record, i);
      PyObject* value = nullptr;
      if (f.kind == ValueKind::text && (type == ColumnType::str || type == ColumnType::unknown)) {
        value = (by_header ? *header_caches_[i] : cache(f.name)).get(f.value);
      } else {
        value = new_python_value(f, type, runtime_);
      }
      if (!value) throw py::error_already_set();
      int failed = PyDict_SetItem(d.ptr(), k, value);
      Py_DECREF(value);
      if (failed) throw py::error_already_set();
    }
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(r), d.release().ptr());
  }
  return out;
}

py::dict PythonRecords::columns(Batch& batch, bool exact, py::dict* valid, py::dict* types) {
  types_.learn(batch);
  std::vector<std::string_view> names;
  std::uint64_t seen_header = 0;
  for (std::size_t r = 0; r < batch.size(); ++r) {
    RecordRef record = batch[r];
    if (record.header() && record.header()->id == seen_header) continue;
    if (record.header()) seen_header = record.header()->id;
    for (const Field& f : record.fields()) {
      if (std::find(names.begin(), names.end(), f.name) == names.end()) names.push_back(f.name);
    }
  }
  py::dict out;
  for (std::string_view name : names) {
    ColumnType type = types_.type_of(name);
    py::handle k = key(name);
    ColumnArrays column = column_arrays(batch, name, type, exact, runtime_, &cache(name));
    out[k] = std::move(column.values);
    if (valid) (*valid)[k] = std::move(column.valid);
    if (types) (*types)[k] = py::str(std::string(column_type_name(type)));
  }
  return out;
}

}  // namespace weir::hooks
