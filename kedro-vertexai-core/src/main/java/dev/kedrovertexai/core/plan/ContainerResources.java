package dev.kedrovertexai.core.plan;

import java.math.BigDecimal;

/**
 * The container setup of one Vertex task, resolved from {@code resources} and {@code node_selectors}. Tasks
 * with equal values share one executor in the compiled spec. Fields are null when not set; {@code
 * acceleratorType} and {@code acceleratorCount} are both set or both unset.
 */
public record ContainerResources(
    String cpuLimit, String memoryLimit, String acceleratorType, Integer acceleratorCount) {

  public boolean hasAccelerator() {
    return acceleratorType != null && acceleratorCount != null && acceleratorCount > 0;
  }

  /** CPU as Kubernetes writes it ({@code 500m}, {@code 2}, {@code 0.5}) in millicores. */
  public static BigDecimal millicores(String cpu) {
    String text = cpu.trim();
    if (text.endsWith("m")) {
      return new BigDecimal(text.substring(0, text.length() - 1)).stripTrailingZeros();
    }
    return new BigDecimal(text).multiply(BigDecimal.valueOf(1000)).stripTrailingZeros();
  }

  /** Memory as Kubernetes writes it ({@code 1Gi}, {@code 512M}, {@code 1024}) in bytes. */
  public static BigDecimal bytes(String memory) {
    String text = memory.trim();
    int unitStart = text.length();
    while (unitStart > 0 && Character.isLetter(text.charAt(unitStart - 1))) {
      unitStart--;
    }
    BigDecimal number = new BigDecimal(text.substring(0, unitStart));
    String unit = text.substring(unitStart);
    BigDecimal factor =
        switch (unit) {
          case "" -> BigDecimal.ONE;
          case "k", "K" -> BigDecimal.TEN.pow(3);
          case "M" -> BigDecimal.TEN.pow(6);
          case "G" -> BigDecimal.TEN.pow(9);
          case "T" -> BigDecimal.TEN.pow(12);
          case "P" -> BigDecimal.TEN.pow(15);
          case "E" -> BigDecimal.TEN.pow(18);
          case "Ki" -> BigDecimal.valueOf(2).pow(10);
          case "Mi" -> BigDecimal.valueOf(2).pow(20);
          case "Gi" -> BigDecimal.valueOf(2).pow(30);
          case "Ti" -> BigDecimal.valueOf(2).pow(40);
          case "Pi" -> BigDecimal.valueOf(2).pow(50);
          case "Ei" -> BigDecimal.valueOf(2).pow(60);
          default -> throw new IllegalArgumentException("not a memory quantity: " + memory);
        };
    return number.multiply(factor).stripTrailingZeros();
  }
}
