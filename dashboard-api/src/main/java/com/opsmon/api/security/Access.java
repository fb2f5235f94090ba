package com.opsmon.api.security;

/** What a route needs from its caller. */
public enum Access {
  /** Anyone who reaches the API: health and the page shells, which hold no monitoring data. */
  PUBLIC,
  /** The read token or the admin token, when either is configured. */
  READ,
  /** The admin token; only the read token when no admin token is configured. */
  ADMIN
}
