package org.gconv4j.processor.validate;

/** The tag that opens every processor message; the {@code @GroupSpec} javadoc lists the rules. */
public enum Tag {
  TARGET("GroupSpecTarget"),
  NAME("GroupSpecName"),
  MATRIX_SHAPE("GroupSpecMatrixShape"),
  MATRIX_DETERMINANT("GroupSpecMatrixDeterminant"),
  RADIX("GroupSpecRadix"),
  BIJECTION("GroupSpecBijection"),
  CLOSURE("GroupSpecClosure"),
  SIZE("GroupSpecSize"),
  FILTER_SIZE("GroupSpecFilterSize"),
  SUPPORT("GroupSpecSupport"),
  /** A processor bug or an I/O failure, never a spec problem. */
  INTERNAL("GroupSpecInternal");

  private final String label;

  Tag(String label) {
    this.label = label;
  }

  /** The text between the brackets, e.g. {@code GroupSpecRadix}. */
  public String label() {
    return label;
  }
}
