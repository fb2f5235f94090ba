package com.opsmon.detection;

/**
 * What the detector says about one point: an anomaly score in [0, 1] and the range it expected the
 * point in ({@code lower ≤ expected ≤ upper}; the dashboard draws it as a band).
 */
public record Verdict(double score, double expected, double lower, double upper) {}
