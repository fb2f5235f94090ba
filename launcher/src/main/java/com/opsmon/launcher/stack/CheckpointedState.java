package com.opsmon.launcher.stack;

/**
 * A completed checkpoint of the stream jobs.
 *
 * @param stateBytes the full size of the state it holds, as Flink reports it
 */
public record CheckpointedState(long id, long stateBytes) {}
