package dev.kedrovertexai.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceQuantitiesTest {
  @Test
  void cpuInCores() {
    assertEquals(0.5, ResourceQuantities.cores("500m"));
    assertEquals(2.0, ResourceQuantities.cores("2"));
    assertEquals(1.5, ResourceQuantities.cores("1.5"));
    assertEquals(0.0015, ResourceQuantities.cores("1.5m"));
    assertEquals(0.25, ResourceQuantities.cores(".25"));
  }

  @Test
  void memoryInGigabytesOfTenToTheNineBytes() {
    assertEquals(0.268435456, ResourceQuantities.gigabytes("256Mi"));
    assertEquals(1.073741824, ResourceQuantities.gigabytes("1Gi"));
    assertEquals(16.0, ResourceQuantities.gigabytes("16G"));
    assertEquals(0.5, ResourceQuantities.gigabytes("500M"));
    assertEquals(1.0E-6, ResourceQuantities.gigabytes("1000"));
    assertEquals(1.024E-6, ResourceQuantities.gigabytes("1Ki"));
    assertEquals(624.0, ResourceQuantities.gigabytes("624G"));
    assertEquals(1.152921504606846976E9, ResourceQuantities.gigabytes("1Ei"));
  }

  @Test
  void acceptsExactlyWhatTheKfpBackendAccepts() {
    assertTrue(ResourceQuantities.isCpu("500m"));
    assertTrue(ResourceQuantities.isCpu("0.5"));
    assertFalse(ResourceQuantities.isCpu("500Mi"));
    assertFalse(ResourceQuantities.isCpu("1."));
    assertFalse(ResourceQuantities.isCpu("-1"));
    assertTrue(ResourceQuantities.isMemory("1024Mi"));
    assertTrue(ResourceQuantities.isMemory("1000000"));
    assertFalse(ResourceQuantities.isMemory("1.5Gi"));
    assertFalse(ResourceQuantities.isMemory("1gi"));
    assertFalse(ResourceQuantities.isMemory("1Gb"));
  }
}
