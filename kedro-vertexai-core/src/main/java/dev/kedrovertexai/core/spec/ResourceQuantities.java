package dev.kedrovertexai.core.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU and memory quantities as the KFP IR takes them: the strings go to {@code resourceCpuLimit} and {@code
 * resourceMemoryLimit}; the deprecated numeric mirrors ({@code cpuLimit} in cores, {@code memoryLimit} in
 * GB of 10^9 bytes, as the KFP SDK computes them) are derived here so that both always agree.
 */
final class ResourceQuantities {
  /** The patterns the KFP backend validates resource strings with. */
  static final Pattern CPU = Pattern.compile("([0-9]*[.])?[0-9]+m?");

  static final Pattern MEMORY = Pattern.compile("[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?");

  private static final BigDecimal GIGABYTE = BigDecimal.TEN.pow(9);

  private static final Map<String, BigDecimal> MEMORY_UNITS =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("K", BigDecimal.TEN.pow(3)),
          Map.entry("M", BigDecimal.TEN.pow(6)),
          Map.entry("G", BigDecimal.TEN.pow(9)),
          Map.entry("T", BigDecimal.TEN.pow(12)),
          Map.entry("P", BigDecimal.TEN.pow(15)),
          Map.entry("E", BigDecimal.TEN.pow(18)),
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private ResourceQuantities() {}

  static boolean isCpu(String cpu) {
    return CPU.matcher(cpu).matches();
  }

  static boolean isMemory(String memory) {
    return MEMORY.matcher(memory).matches();
  }

  /** {@code 500m} -> 0.5, {@code 2} -> 2.0. The argument must match {@link #CPU}. */
  static double cores(String cpu) {
    if (cpu.endsWith("m")) {
      return new BigDecimal(cpu.substring(0, cpu.length() - 1)).movePointLeft(3).doubleValue();
    }
    return new BigDecimal(cpu).doubleValue();
  }

  /** {@code 1024Mi} -> 1.073741824, {@code 16G} -> 16.0. The argument must match {@link #MEMORY}. */
  static double gigabytes(String memory) {
    int digits = 0;
    while (digits < memory.length() && Character.isDigit(memory.charAt(digits))) {
      digits++;
    }
    BigDecimal bytes =
        new BigDecimal(memory.substring(0, digits)).multiply(MEMORY_UNITS.get(memory.substring(digits)));
    return bytes.divide(GIGABYTE).doubleValue();
  }
}
