package org.gconv4j.processor.validate;

import java.util.List;
import java.util.Optional;
import org.gconv4j.processor.compute.FilterTableSet;
import org.gconv4j.processor.compute.StabilizerGroup;
import org.gconv4j.processor.read.SpecModel;

/**
 * The outcome of validating one spec: the report and, when it is clean, the verified group and its
 * tables for every declared filter size (ascending), ready for generation.
 */
public record Validation(SpecModel spec, ValidationReport report, Optional<StabilizerGroup> group,
    List<FilterTableSet> tables) {}
