package org.gconv4j.nn;

/**
 * Creates a layer for the per-sample input shape the model builder has reached (e.g.
 * {@code shape -> new BatchNorm(shape[0])}).
 */
@FunctionalInterface
public interface LayerFactory {
  Layer create(int[] sampleShape);
}
