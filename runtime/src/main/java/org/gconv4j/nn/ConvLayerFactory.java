package org.gconv4j.nn;

/**
 * Creates the G-correlation layer for a {@link ConvSpec}; lets {@link Model.Builder} build
 * networks without depending on one convolution implementation or backend, e.g.
 * {@code spec -> new GroupConv(spec, backend)} (the spec carries the initialisation stream and
 * distribution).
 */
@FunctionalInterface
public interface ConvLayerFactory {
  Layer create(ConvSpec spec);
}
