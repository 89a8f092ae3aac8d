/**
 * {@code @GroupSpec} and its parts: how a user declares a group for gconv4j's annotation processor.
 * No dependencies; the annotations are kept in class files so that tools can read a spec back.
 */
module org.gconv4j.annotations {
  exports org.gconv4j.annotations;
  // CellGrid: the one home of the doubled cell coordinates, shared by the processor and the runtime; not API.
  exports org.gconv4j.annotations.internal to org.gconv4j.processor, org.gconv4j.runtime;
}
