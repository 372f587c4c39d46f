package dev.kedrovertexai.core.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value formats GCP and Vertex AI accept. Each check returns empty when the value is fine, else a message
 * that says what was expected (and, where a likely fix exists, suggests it). The rules are those the services
 * enforce, so a mistake surfaces at compile time instead of at submission.
 */
final class Formats {
  private Formats() {}

  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z]+-[a-z]+[0-9]+");
  private static final Pattern ZONE = Pattern.compile("([a-z]+-[a-z]+[0-9]+)-[a-z]");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]");
  private static final Pattern CPU = Pattern.compile("([0-9]*[.])?[0-9]+m?");
  private static final Pattern MEMORY = Pattern.compile("[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?");
  private static final Pattern MEMORY_LOOSE = Pattern.compile("([0-9]*\\.?[0-9]+)\\s*([A-Za-z]*)");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern VPC = Pattern.compile("projects/[0-9]+/global/networks/[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern EXPERIMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final Pattern KMS_KEY =
      Pattern.compile("projects/([^/\\s]+)/locations/([^/\\s]+)/keyRings/([^/\\s]+)/cryptoKeys/([^/\\s]+)");
  private static final Pattern HOSTNAME_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PYTHON_CLASS =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

  // A container image reference, after the grammar of distribution/reference (what docker and Vertex accept).
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern IMAGE =
      Pattern.compile(
          "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*"
              + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

  /** Vertex AI's limits per pipeline step. */
  static final BigDecimal MAX_CPU = BigDecimal.valueOf(96);

  static final long MAX_MEMORY_BYTES = 624L << 30;

  /** Labels Vertex AI accepts on one job. */
  static final int MAX_LABELS = 64;

  static Optional<String> projectId(String value) {
    if (PROJECT_ID.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "'" + value + "' is not a valid GCP project id: 6 to 30 lower-case letters, digits or hyphens, starting"
            + " with a letter and not ending with a hyphen");
  }

  static Optional<String> region(String value) {
    if (REGION.matcher(value).matches()) {
      return Optional.empty();
    }
    Matcher zone = ZONE.matcher(value);
    if (zone.matches()) {
      return Optional.of("'" + value + "' is a zone, not a region; did you mean '" + zone.group(1) + "'?");
    }
    return Optional.of("'" + value + "' is not a GCP region such as europe-west4 or us-central1");
  }

  static Optional<String> image(String value) {
    if (IMAGE.matcher(value).matches()) {
      return Optional.empty();
    }
    String hint = value.chars().anyMatch(Character::isWhitespace) ? " (it contains white space)" : "";
    return Optional.of(
        "'" + value + "' is not a valid container image reference" + hint
            + "; expected e.g. europe-west4-docker.pkg.dev/my-project/my-repo/my-image:tag (repository paths are"
            + " lower case)");
  }

  /**
   * {@code bucket}, {@code bucket/prefix}, {@code gs://bucket/prefix}, or {@code file:///path} for local runs.
   */
  static Optional<String> root(String value) {
    if (value.startsWith("file://")) {
      return value.startsWith("file:///") && value.length() > "file:///".length()
          ? Optional.empty()
          : Optional.of("'" + value + "' is not a valid local root: expected file:///absolute/path");
    }
    String path = value.startsWith("gs://") ? value.substring("gs://".length()) : value;
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1);
    String expected =
        "; expected bucket/prefix or gs://bucket/prefix (or file:///path for local runs)";
    if (value.contains("://") && !value.startsWith("gs://")) {
      return Optional.of("'" + value + "' is not a Cloud Storage location" + expected);
    }
    if (!BUCKET.matcher(bucket).matches()) {
      return Optional.of(
          "'" + bucket + "' is not a valid Cloud Storage bucket name: 3 to 63 characters of a-z, 0-9, '-', '_'"
              + " and '.', starting and ending with a letter or digit" + expected);
    }
    if (prefix.startsWith("/") || prefix.contains("//") || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("'" + value + "' has an empty path segment or a control character in its prefix");
    }
    return Optional.empty();
  }

  /** The root without trailing slashes, so that paths built under it never contain {@code //}. */
  static String normalizeRoot(String value) {
    String result = value;
    while (result.endsWith("/") && !result.endsWith("://") && !result.equals("file:///")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  static Optional<String> cpu(String value) {
    if (!CPU.matcher(value).matches()) {
      return Optional.of(
          "'" + value + "' is not a CPU amount: expected a number of cores (2, 1.5) or millicores (500m)");
    }
    BigDecimal cores =
        value.endsWith("m")
            ? new BigDecimal(value.substring(0, value.length() - 1)).movePointLeft(3)
            : new BigDecimal(value);
    if (cores.signum() <= 0) {
      return Optional.of("'" + value + "' must be more than 0");
    }
    if (cores.compareTo(MAX_CPU) > 0) {
      return Optional.of("'" + value + "' is more than the " + MAX_CPU + " vCPUs Vertex AI gives one step");
    }
    return Optional.empty();
  }

  private static final List<String> MEMORY_UNITS = List.of("E", "Ei", "P", "Pi", "T", "Ti", "G", "Gi", "M", "Mi", "K", "Ki");

  private static final Map<String, Integer> BINARY_POWER = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
  private static final Map<String, Integer> DECIMAL_POWER = Map.of("K", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);

  static Optional<String> memory(String value) {
    if (MEMORY.matcher(value).matches()) {
      Matcher parts = MEMORY_LOOSE.matcher(value);
      parts.matches();
      BigDecimal bytes = bytes(new BigDecimal(parts.group(1)), parts.group(2));
      if (bytes.signum() <= 0) {
        return Optional.of("'" + value + "' must be more than 0");
      }
      if (bytes.compareTo(BigDecimal.valueOf(MAX_MEMORY_BYTES)) > 0) {
        return Optional.of("'" + value + "' is more than the 624Gi of memory Vertex AI gives one step");
      }
      return Optional.empty();
    }
    String expected = "expected a whole number with an optional unit (K, M, G, T, Ki, Mi, Gi, Ti, ...), e.g. 512Mi or 4Gi";
    return Optional.of("'" + value + "' is not a memory amount: " + expected + memorySuggestion(value));
  }

  /** A likely fix for a memory value: {@code 1.5Gi -> 1536Mi}, {@code 2GB -> 2G}, {@code 512mi -> 512Mi}. */
  private static String memorySuggestion(String value) {
    Matcher parts = MEMORY_LOOSE.matcher(value.trim());
    if (!parts.matches()) {
      return "";
    }
    String unit = canonicalUnit(parts.group(2));
    if (unit == null) {
      return "";
    }
    BigDecimal amount = new BigDecimal(parts.group(1));
    String suggestion = wholeAmount(amount, unit);
    return suggestion.equals(value) ? "" : "; did you mean '" + suggestion + "'?";
  }

  private static String canonicalUnit(String typed) {
    if (typed.isEmpty()) {
      return "";
    }
    String lower = typed.toLowerCase(Locale.ROOT);
    // "GB" and "GiB" are how people write sizes elsewhere; Kubernetes quantities drop the "B".
    if (lower.endsWith("b") && lower.length() > 1) {
      lower = lower.substring(0, lower.length() - 1);
    }
    for (String unit : MEMORY_UNITS) {
      if (unit.toLowerCase(Locale.ROOT).equals(lower)) {
        return unit;
      }
    }
    return null;
  }

  /** A fractional amount in the next smaller unit of its family, rounded up: 1.5Gi -> 1536Mi, 1.3Gi -> 1332Mi. */
  private static String wholeAmount(BigDecimal amount, String unit) {
    List<String> steps = unit.endsWith("i") ? List.of("Ei", "Pi", "Ti", "Gi", "Mi", "Ki", "") : List.of("E", "P", "T", "G", "M", "K", "");
    int factor = unit.endsWith("i") ? 1024 : 1000;
    int index = unit.isEmpty() ? steps.size() - 1 : steps.indexOf(unit);
    BigDecimal current = amount;
    if (current.stripTrailingZeros().scale() > 0 && index < steps.size() - 1) {
      current = current.multiply(BigDecimal.valueOf(factor));
      index++;
    }
    BigDecimal whole = current.setScale(0, java.math.RoundingMode.CEILING);
    return whole.toPlainString() + steps.get(index);
  }

  private static BigDecimal bytes(BigDecimal amount, String unit) {
    if (unit.isEmpty()) {
      return amount;
    }
    if (BINARY_POWER.containsKey(unit)) {
      return amount.multiply(BigDecimal.valueOf(2).pow(BINARY_POWER.get(unit)));
    }
    return amount.multiply(BigDecimal.TEN.pow(DECIMAL_POWER.get(unit)));
  }

  static Optional<String> email(String value) {
    return EMAIL.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a service account email such as pipelines@my-project.iam.gserviceaccount.com");
  }

  static Optional<String> vpc(String value) {
    if (VPC.matcher(value).matches()) {
      return Optional.empty();
    }
    String hint = value.contains("/") ? "" : " (a bare network name is not enough: Vertex AI needs the project number)";
    return Optional.of(
        "'" + value + "' is not a full VPC network name" + hint
            + "; expected projects/<project number>/global/networks/<name>, e.g."
            + " projects/123456789012/global/networks/my-vpc");
  }

  static Optional<String> ipAddress(String value) {
    if (IPV4.matcher(value).matches()) {
      return Optional.empty();
    }
    // Only strings made of IPv6 characters with a ':' reach InetAddress, which then parses a literal: no DNS.
    if (value.indexOf(':') >= 0 && IPV6_CHARS.matcher(value).matches()) {
      try {
        InetAddress.getByName(value);
        return Optional.empty();
      } catch (UnknownHostException e) {
        // falls through to the message below
      }
    }
    return Optional.of("'" + value + "' is not an IPv4 or IPv6 address");
  }

  static Optional<String> hostname(String value) {
    if (value.length() <= 253 && !value.isEmpty()) {
      boolean valid = true;
      for (String label : value.split("\\.", -1)) {
        valid &= HOSTNAME_LABEL.matcher(label).matches();
      }
      if (valid) {
        return Optional.empty();
      }
    }
    return Optional.of("'" + value + "' is not a valid host name");
  }

  static Optional<String> experimentName(String value) {
    if (EXPERIMENT.matcher(value).matches()) {
      return Optional.empty();
    }
    String fixed = sanitizedName(value, 128);
    String suggestion = fixed.isEmpty() ? "" : "; did you mean '" + fixed + "'?";
    return Optional.of(
        "'" + value + "' is not a valid Vertex AI experiment name: up to 128 lower-case letters, digits and"
            + " hyphens, starting with a letter or digit" + suggestion);
  }

  /** Lower-cased, every run of other characters turned into one hyphen, trimmed to {@code max} characters. */
  static String sanitizedName(String value, int max) {
    String name = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (name.length() > max) {
      name = name.substring(0, max).replaceAll("-+$", "");
    }
    return name;
  }

  static Optional<String> displayName(String value) {
    return value.length() <= 128
        ? Optional.empty()
        : Optional.of("is " + value.length() + " characters long; Vertex AI allows at most 128");
  }

  static Optional<String> labelKey(String key) {
    return LABEL_KEY.matcher(key).matches()
        ? Optional.empty()
        : Optional.of(
            "'" + key + "' is not a valid label key: 1 to 63 lower-case letters, digits, '_' or '-', starting"
                + " with a letter");
  }

  static Optional<String> labelValue(String value) {
    return LABEL_VALUE.matcher(value).matches()
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a valid label value: up to 63 lower-case letters, digits, '_' or '-'");
  }

  /** The location of a KMS key name, or empty when the name is not {@code projects/../cryptoKeys/..}. */
  static Optional<String> kmsKeyLocation(String value) {
    Matcher matcher = KMS_KEY.matcher(value);
    return matcher.matches() ? Optional.of(matcher.group(2)) : Optional.empty();
  }

  static String kmsKeyExpected(String value) {
    return "'" + value + "' is not a Cloud KMS key name; expected"
        + " projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>";
  }

  /** A Python class as {@code importlib} finds it: a module path and the class name, dot-separated. */
  static Optional<String> pythonClass(String value) {
    return PYTHON_CLASS.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            "'" + value + "' is not a Python class by its dotted name, such as my_package.module.ClassName");
  }

  static Optional<String> parameterName(String name) {
    return PARAMETER_NAME.matcher(name).matches()
        ? Optional.empty()
        : Optional.of(
            "'" + name + "' is not a valid parameter name: letters, digits and '_', not starting with a digit");
  }

  static Optional<String> timezone(String value) {
    try {
      ZoneId.of(value);
      return Optional.empty();
    } catch (java.time.DateTimeException e) {
      return Optional.of(
          "'" + value + "' is not a time zone such as Etc/UTC or Europe/Warsaw"
              + Suggestions.didYouMean(value, ZoneId.getAvailableZoneIds()));
    }
  }

  /** An RFC 3339 time with an offset, e.g. {@code 2025-01-31T06:00:00Z}; empty when invalid. */
  static Optional<OffsetDateTime> rfc3339(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value.replace(' ', 'T')));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static Optional<String> cron(String value) {
    return CronExpression.check(value);
  }
}
