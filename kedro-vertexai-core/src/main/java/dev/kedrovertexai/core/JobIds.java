package dev.kedrovertexai.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/**
 * Job ids chosen by the client: {@code <pipeline name>-<UTC yyyyMMddHHmmss>-<4 random [a-z0-9]>}. The random
 * suffix keeps two submissions in the same second apart; choosing the id ourselves makes a retried create safe.
 * Used for Vertex AI jobs and for local runs alike.
 */
public final class JobIds {
  /** Vertex AI's limit on a PipelineJob id. */
  public static final int MAX_LENGTH = 128;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int SUFFIX_LENGTH = 4;

  private JobIds() {}

  /** {@code pipelineName} must already be a valid {@code pipelineInfo.name} ({@code [a-z0-9][a-z0-9-]*}). */
  public static String newJobId(String pipelineName, Instant now, RandomGenerator random) {
    String stamp = STAMP.format(now);
    StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    int room = MAX_LENGTH - stamp.length() - SUFFIX_LENGTH - 2;
    String prefix = pipelineName.length() > room ? pipelineName.substring(0, room) : pipelineName;
    while (prefix.endsWith("-")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix + "-" + stamp + "-" + suffix;
  }
}
