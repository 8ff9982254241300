// Measured-data files of a study: the initial_data and prior_data CSVs its configurations name, read against the
// truth's columns and attached to those configurations.
#pragma once

#include <string>

#include "campaign/measured_data.hpp"
#include "common/input_error.hpp"
#include "study/study_file.hpp"
#include "truth/ground_truth.hpp"

namespace bosim {

/// Whether rows must be designs of the pool.
enum class PoolMatch {
  exact,  ///< initial data: each row's raw features equal one pool design's exactly (MeasuredData::pool_designs)
  none,   ///< prior data: any finite feature values (a related material's designs need not be in this pool)
};

/// Reads a CSV of earlier measurements: the truth's feature columns (by name, any order, other columns
/// ignored) and its objective column. Throws InputError at `where` (the study key) for a missing file or
/// column, and at file:line:column for an empty or non-numeric cell, a value that the design space cannot
/// scale (log_scale feature ≤ 0), a row that matches no pool design (PoolMatch::exact), or a file without rows.
MeasuredData read_measured_data(const std::string& path, const GroundTruth& truth, PoolMatch match,
                                const SourcePosition& where);

/// Loads the files the configurations name (CampaignSettings::initial_data_file and prior_data_file,
/// relative to the study file's folder) into their initial_data and prior_data: each distinct file is read
/// once and its hash recorded in Study::inputs once (initial-data files first, then prior-data files, each
/// in configuration order). A file's errors point at the value that named it in the first configuration
/// using it. Configurations with init = "data" take n_init = the number of initial-data rows; an n_init
/// or budget set otherwise is an error at its key.
void attach_measured_data(ParsedStudy& parsed, const GroundTruth& truth);

}  // namespace bosim
