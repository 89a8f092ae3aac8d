package org.gconv4j.train;

/**
 * One epoch's numbers.
 *
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainError fraction of training images misclassified during the epoch (running, in
 *     training mode)
 * @param validationError validation error after the epoch (inference mode), NaN without a validation set
 * @param seconds wall time of the epoch (training only)
 */
public record EpochResult(int epoch, double trainLoss, double trainError, double validationError, double seconds) {}
