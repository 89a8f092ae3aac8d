package org.gconv4j.processor.compute;

/**
 * One generator of a stabilizer as the compute stage sees it: a display name, a unimodular matrix
 * and its radix (CONVENTIONS §2).
 */
public record GeneratorDef(String name, IntMatrix matrix, int radix) {
  public GeneratorDef {
    if (radix < 1) {
      throw new IllegalArgumentException("radix must be at least 1, got " + radix + " for " + name);
    }
  }
}
