/**
 * Layers of a G-CNN (paper §6) on planar maps [N, C, H, W] and G-feature maps [N, C, S, H, W]
 * (3D: a depth axis before H), CONVENTIONS §5.
 *
 * <ul>
 *   <li>Equivariant on G-maps: {@link org.gconv4j.nn.ReLU}, {@link org.gconv4j.nn.BatchNorm} (one
 *       scale/shift and one set of statistics per G-feature map), {@link org.gconv4j.nn.SpatialMaxPool}
 *       and {@link org.gconv4j.nn.SpatialAvgPool} (when the pooling grid is symmetric; the mean up to
 *       float rounding), {@link org.gconv4j.nn.Dropout} (in distribution).
 *   <li>G-map → planar: {@link org.gconv4j.nn.CosetMaxPool} (rotation pooling); → vectors:
 *       {@link org.gconv4j.nn.GlobalMaxPool}, {@link org.gconv4j.nn.GlobalAvgPool} (invariant),
 *       {@link org.gconv4j.nn.Flatten}.
 *   <li>Classifier head: {@link org.gconv4j.nn.Dense}, {@link org.gconv4j.nn.SoftmaxCrossEntropy}.
 *   <li>Models: {@link org.gconv4j.nn.Sequential}, built with {@link org.gconv4j.nn.Model#builder}; the
 *       G-correlation comes from a {@link org.gconv4j.nn.ConvLayerFactory}.
 * </ul>
 *
 * Layers never modify their inputs; forward caches what backward needs; backward adds into
 * parameter gradients. Results are bit-reproducible and independent of the thread count.
 */
package org.gconv4j.nn;
