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

StringCache& PythonRecords::cache(std::string_view name) { return caches_[std::string(name)]; }

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
      for (const std::string& name : header->names) {
        header_keys_.push_back(key(name));
        header_caches_.push_back(&cache(name));
      }
    }
    py::dict d;  // (a presized dict is larger on 3.11: past the small-object allocator)
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
    out[k] = exact ? column_for_table(batch, name, type, runtime_) : column_values(batch, name, type, runtime_);
    if (valid) (*valid)[k] = column_valid(batch, name, type, runtime_);
    if (types) (*types)[k] = py::str(std::string(column_type_name(type)));
  }
  return out;
}

}  // namespace weir::hooks
