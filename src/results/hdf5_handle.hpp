// Hdf5Handle: owning wrappers of HDF5 C API identifiers (file, group, dataset, type, space, attribute, plist).
#pragma once

#include <hdf5.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace bosim {

/// Thrown when an HDF5 call fails; the message names the operation and the object.
class Hdf5Error : public std::runtime_error {
 public:
  explicit Hdf5Error(const std::string& what, int system_error = 0)
      : std::runtime_error(what), system_error_(system_error) {}
  /// The errno of a system call that failed inside HDF5 (a file driver's write on a full disk, say), 0 when none.
  int system_error() const { return system_error_; }

 private:
  int system_error_;
};

/// The innermost description on HDF5's current error stack (e.g. "file signature
/// not found"), or "" when the stack is empty.
inline std::string hdf5_error_description() {
  std::string description;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned position, const H5E_error2_t* error, void* found) -> herr_t {
        if (position == 0 && error->desc != nullptr) *static_cast<std::string*>(found) = error->desc;
        return 0;
      },
      &description);
  return description;
}

/// The errno of a system call that failed inside HDF5, from the current error stack (HDF5's file drivers write
/// "errno = N" into the description of a failed read, write or truncate), or 0 when the stack holds none.
inline int hdf5_system_error() {
  int error_number = 0;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned, const H5E_error2_t* error, void* found) -> herr_t {
        const char* mark = error->desc != nullptr ? std::strstr(error->desc, "errno = ") : nullptr;
        int& number = *static_cast<int*>(found);
        if (mark != nullptr && number == 0) number = std::atoi(mark + std::strlen("errno = "));
        return 0;
      },
      &error_number);
  return error_number;
}

/// Returns `id` when it is valid; otherwise throws Hdf5Error "`what`: <HDF5's reason>", with the errno of a
/// failed system call when HDF5 reports one (hdf5_system_error).
inline hid_t hdf5_check(hid_t id, const std::string& what) {
  if (id < 0) {
    const std::string reason = hdf5_error_description();
    throw Hdf5Error(reason.empty() ? what : what + ": " + reason, hdf5_system_error());
  }
  return id;
}

/// Throws Hdf5Error when a status-returning HDF5 call failed.
inline void hdf5_check_status(herr_t status, const std::string& what) {
  if (status < 0) hdf5_check(-1, what);
}

/// Owns one identifier and releases it with `Close` (H5Fclose, H5Dclose, ...).
/// Move-only, so an identifier is closed exactly once, also when an exception unwinds.
template <herr_t (*Close)(hid_t)>
class Hdf5Handle {
 public:
  Hdf5Handle() = default;
  /// Takes ownership of a valid identifier; throws Hdf5Error naming `what` when it is invalid.
  Hdf5Handle(hid_t id, const std::string& what) : id_(hdf5_check(id, what)) {}
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  Hdf5Handle(Hdf5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Hdf5Handle& operator=(Hdf5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Hdf5Handle() { reset(); }

  hid_t get() const { return id_; }
  /// Closes the identifier now; throws Hdf5Error naming `what` when HDF5 cannot (a file whose last writes
  /// fail). The identifier counts as released either way: a destructor never retries.
  void close(const std::string& what) {
    const herr_t status = id_ >= 0 ? Close(id_) : 0;
    id_ = H5I_INVALID_HID;
    hdf5_check_status(status, what);
  }
  operator hid_t() const { return id_; }  // NOLINT: lets handles go straight into H5 calls

 private:
  void reset() {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }

  hid_t id_ = H5I_INVALID_HID;
};

using FileHandle = Hdf5Handle<H5Fclose>;
using GroupHandle = Hdf5Handle<H5Gclose>;
using DatasetHandle = Hdf5Handle<H5Dclose>;
using AttributeHandle = Hdf5Handle<H5Aclose>;
using TypeHandle = Hdf5Handle<H5Tclose>;
using SpaceHandle = Hdf5Handle<H5Sclose>;
using PropertyListHandle = Hdf5Handle<H5Pclose>;

/// Turns off HDF5's printing of its error stack to stderr while alive (errors
/// become exceptions instead) and restores the previous handler afterwards.
class Hdf5QuietErrors {
 public:
  Hdf5QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &previous_handler_, &previous_data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  Hdf5QuietErrors(const Hdf5QuietErrors&) = delete;
  Hdf5QuietErrors& operator=(const Hdf5QuietErrors&) = delete;
  ~Hdf5QuietErrors() { H5Eset_auto2(H5E_DEFAULT, previous_handler_, previous_data_); }

 private:
  H5E_auto2_t previous_handler_ = nullptr;
  void* previous_data_ = nullptr;
};

}  // namespace bosim
