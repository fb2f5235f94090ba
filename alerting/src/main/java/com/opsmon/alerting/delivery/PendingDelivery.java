package com.opsmon.alerting.delivery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opsmon.model.alerts.Notification;
import java.time.Instant;

/** A notification waiting for its receiver, and since when. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PendingDelivery(Notification notification, Instant queuedAt) {}
