/**
 * Optimizers ({@link org.gconv4j.train.Adam}, {@link org.gconv4j.train.Sgd}) behind
 * {@link org.gconv4j.train.Optimizer}, and {@link org.gconv4j.train.LearningRateSchedule}s. All
 * updates are element-wise and sequential: the same gradients give the same bits.
 */
package org.gconv4j.train;
