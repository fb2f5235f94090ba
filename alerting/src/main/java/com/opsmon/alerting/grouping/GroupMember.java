package com.opsmon.alerting.grouping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opsmon.model.alerts.AlertView;

/**
 * One alert in a group.
 *
 * @param notifiedAs what the receiver was last told of it (firing, flapping), or null
 * @param mutedBy why it was last held back (silence, inhibition, maintenance window), or null
 * @param ackSent whether the receiver was told of its acknowledgement
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupMember(AlertView alert, String notifiedAs, String mutedBy, boolean ackSent) {}
