package com.opsmon.model.events;

/** The families of events; each family travels on its own validated topic. */
public enum EventCategory {
  ORDER,
  INVENTORY,
  SERVICE,
  STOREFRONT
}
