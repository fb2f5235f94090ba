package com.opsmon.detection.nab;

/**
 * One series' share of a NAB score at a fixed threshold: its raw score, windows detected and
 * missed, and detections outside every window.
 */
public record FileScore(
    String name, double score, int detectedWindows, int missedWindows, int falsePositives) {}
