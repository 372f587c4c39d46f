package dev.kedrovertexai.core.spec;

import dev.kedrovertexai.core.plan.ContainerResources;
import java.math.BigDecimal;
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

  private ResourceQuantities() {}

  static boolean isCpu(String cpu) {
    return CPU.matcher(cpu).matches();
  }

  static boolean isMemory(String memory) {
    return MEMORY.matcher(memory).matches();
  }

  /** {@code 500m} -> 0.5, {@code 2} -> 2.0. The argument must match {@link #CPU}. */
  static double cores(String cpu) {
    return ContainerResources.millicores(cpu).movePointLeft(3).doubleValue();
  }

  /** {@code 1024Mi} -> 1.073741824, {@code 16G} -> 16.0. The argument must match {@link #MEMORY}. */
  static double gigabytes(String memory) {
    return ContainerResources.bytes(memory).divide(GIGABYTE).doubleValue();
  }
}
