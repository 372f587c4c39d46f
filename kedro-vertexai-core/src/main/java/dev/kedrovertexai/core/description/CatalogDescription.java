package dev.kedrovertexai.core.description;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Kedro catalog of one env resolves: declared entries and dataset-factory patterns (Kedro matches
 * patterns with the {@code parse} library: {@code {placeholder}} matches any non-empty text).
 */
public final class CatalogDescription {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");

  private final List<DeclaredDataset> datasets;
  // Planning asks about every dataset of the pipeline: a lookup by name keeps that linear.
  private final Map<String, DeclaredDataset> byName;
  private final List<DeclaredDataset> patterns;
  private final List<Pattern> compiledPatterns;

  public CatalogDescription(List<DeclaredDataset> datasets, List<DeclaredDataset> patterns) {
    this.datasets = List.copyOf(datasets);
    Map<String, DeclaredDataset> names = new HashMap<>();
    for (DeclaredDataset declared : this.datasets) {
      names.putIfAbsent(declared.nameOrPattern(), declared);
    }
    this.byName = Map.copyOf(names);
    this.patterns = List.copyOf(patterns);
    List<Pattern> compiled = new ArrayList<>();
    for (DeclaredDataset pattern : this.patterns) {
      compiled.add(toRegex(pattern.nameOrPattern()));
    }
    this.compiledPatterns = List.copyOf(compiled);
  }

  public List<DeclaredDataset> datasets() {
    return datasets;
  }

  public List<DeclaredDataset> patterns() {
    return patterns;
  }

  /**
   * True when the catalog gives {@code dataset} a persistent home, by a declared entry or, failing that, by
   * the first matching factory pattern (Kedro's own precedence for the common cases). A memory dataset does
   * not count: it cannot carry data across processes.
   */
  public boolean resolves(String dataset) {
    DeclaredDataset declared = byName.get(dataset);
    if (declared != null) {
      return !declared.isInMemory();
    }
    for (int i = 0; i < patterns.size(); i++) {
      if (compiledPatterns.get(i).matcher(dataset).matches()) {
        return !patterns.get(i).isInMemory();
      }
    }
    return false;
  }

  /** True when a declared entry (not a pattern) has exactly this name. */
  public boolean declares(String dataset) {
    return byName.containsKey(dataset);
  }

  private static Pattern toRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    Matcher matcher = PLACEHOLDER.matcher(pattern);
    int last = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(pattern.substring(last, matcher.start())));
      regex.append("(.+?)");
      last = matcher.end();
    }
    regex.append(Pattern.quote(pattern.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
