package dev.kedrovertexai.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for names users mistype: config keys, parameter names, enum values, time zones. */
public final class Suggestions {
  /** Edits allowed between a typo and a short name it probably meant; more would suggest unrelated names. */
  private static final int MAX_DISTANCE = 2;

  private static final int MIN_PREFIX = 3;

  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}: within two edits (ignoring case; one more per five characters of
   * long names), or one of them a prefix of the
   * other (at least three characters). Ties go to the alphabetically first candidate, so the answer is stable.
   */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    String lowerTyped = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String lowerCandidate = candidate.toLowerCase(Locale.ROOT);
      if (lowerCandidate.equals(lowerTyped) && !candidate.equals(typed)) {
        return Optional.of(candidate);
      }
      int distance = distance(lowerTyped, lowerCandidate);
      int score;
      int longer = Math.max(lowerTyped.length(), lowerCandidate.length());
      // Long names tolerate a few more edits (task_overhead_secs -> task_overhead_seconds).
      if (distance <= Math.max(MAX_DISTANCE, longer / 5) && distance < longer) {
        score = distance;
      } else if (isPrefixMatch(lowerTyped, lowerCandidate)) {
        score = MAX_DISTANCE + 1;
      } else {
        continue;
      }
      if (score < bestScore || (score == bestScore && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code "; did you mean 'x'?"} or the empty string. */
  public static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(match -> "; did you mean '" + match + "'?").orElse("");
  }

  private static boolean isPrefixMatch(String a, String b) {
    String shorter = a.length() <= b.length() ? a : b;
    String longer = a.length() <= b.length() ? b : a;
    return shorter.length() >= MIN_PREFIX && longer.startsWith(shorter);
  }

  /** Levenshtein distance (insertions, deletions, substitutions). */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
