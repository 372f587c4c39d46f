package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {
  @ParameterizedTest
  @ValueSource(strings = {"500m", "2", "1.5", ".5", "96", "0.1m"})
  void validCpu(String cpu) {
    assertEquals(Optional.empty(), Formats.cpu(cpu));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "1.5.2", "-1", "2 cores", "500M", "97", "0"})
  void invalidCpu(String cpu) {
    assertTrue(Formats.cpu(cpu).isPresent(), cpu);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1Gi", "512Mi", "1024", "2G", "64Ki", "624Gi", "600G"})
  void validMemory(String memory) {
    assertEquals(Optional.empty(), Formats.memory(memory));
  }

  @ParameterizedTest
  @CsvSource({
    "1.5Gi, 1536Mi",
    "0.5Gi, 512Mi",
    "1.5G, 1500M",
    "2GB, 2G",
    "4GiB, 4Gi",
    "512mi, 512Mi",
    "500k, 500K",
    "1.3Gi, 1332Mi",
    "2.5, 3",
  })
  void invalidMemorySuggestsAWholeAmount(String typed, String suggestion) {
    String message = Formats.memory(typed).orElseThrow();
    assertTrue(message.endsWith("; did you mean '" + suggestion + "'?"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "1Gb ram", "0", "625Gi", "1T"})
  void invalidMemoryWithoutSuggestion(String typed) {
    String message = Formats.memory(typed).orElseThrow();
    assertTrue(!message.contains("did you mean"), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gcr.io/my-project/app:1", "europe-west4-docker.pkg.dev/p/repo/img:latest", "python:3.11-slim", "ubuntu",
        "localhost:5000/a/b", "registry.example.com/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "a/b__c/d-e.f:v1.2_x"
      })
  void validImages(String image) {
    assertEquals(Optional.empty(), Formats.image(image));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gcr.io/Project/App", "my image", "app:", ":tag", "a//b", "app:-bad"})
  void invalidImages(String image) {
    assertTrue(Formats.image(image).isPresent(), image);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "255.255.255.255", "::1", "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1"})
  void validIpAddresses(String ip) {
    assertEquals(Optional.empty(), Formats.ipAddress(ip));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.256", "10.0.0", "localhost", "example.com", "2001:db8:::1:2:3:4:5:6:7", "01.2.3.4"})
  void invalidIpAddressesWithoutAnyLookup(String ip) {
    assertTrue(Formats.ipAddress(ip).isPresent(), ip);
  }

  @ParameterizedTest
  @CsvSource({
    "my-project, true", "abcdef, true", "abcde, false", "my-project-, false", "1project, false",
    "a23456789012345678901234567890, true", "a234567890123456789012345678901, false", "my_project, false"
  })
  void projectIds(String id, boolean valid) {
    assertEquals(valid, Formats.projectId(id).isEmpty(), id);
  }

  @ParameterizedTest
  @CsvSource({
    "europe-west4, true", "us-central1, true", "northamerica-northeast1, true", "me-west1, true",
    "europe, false", "EU-west1, false", "global, false"
  })
  void regions(String region, boolean valid) {
    assertEquals(valid, Formats.region(region).isEmpty(), region);
  }

  @ParameterizedTest
  @CsvSource({
    "projects/123/global/networks/default, true", "projects/my-project/global/networks/default, false",
    "default, false", "projects/123/regions/x/networks/default, false"
  })
  void vpcNames(String vpc, boolean valid) {
    assertEquals(valid, Formats.vpc(vpc).isEmpty(), vpc);
  }

  @ParameterizedTest
  @CsvSource({
    "my-experiment, true", "0run, true", "My-Experiment, false", "-x, false", "with_underscore, false"
  })
  void experimentNames(String name, boolean valid) {
    assertEquals(valid, Formats.experimentName(name).isEmpty(), name);
  }

  @ParameterizedTest
  @CsvSource({
    "'0 * * * *', true", "'*/15 6-18 1,15 JAN-JUN mon-fri', true", "'0 0 * * 7', true", "'5 4 * * SUN', true",
    "'0 * * *', false", "'60 * * * *', false", "'0 0 0 * *', false", "'0 0 * 13 *', false", "'0 0 * * 8', false",
    "'0 0 L * *', false", "'0 0 ? * *', false", "'5/10 * * * *', false", "'*/0 * * * *', false",
    "'10-5 * * * *', false", "'TZ=Europe/Warsaw 0 * * * *', false", "'@daily', false"
  })
  void cronExpressions(String cron, boolean valid) {
    assertEquals(valid, Formats.cron(cron).isEmpty(), cron + " -> " + Formats.cron(cron));
  }

  @ParameterizedTest
  @CsvSource({"Etc/UTC, true", "Europe/Warsaw, true", "UTC, true", "Europe/Warsw, false", "CEST, false"})
  void timezones(String zone, boolean valid) {
    assertEquals(valid, Formats.timezone(zone).isEmpty(), zone);
  }

  @ParameterizedTest
  @CsvSource({
    "2030-01-01T00:00:00Z, true", "2030-01-01T06:30:00.5+02:00, true", "2030-01-01 06:30:00Z, true",
    "2030-01-01, false", "2030-01-01T00:00:00, false", "tomorrow, false"
  })
  void rfc3339Times(String time, boolean valid) {
    assertEquals(valid, Formats.rfc3339(time).isPresent(), time);
  }

  @ParameterizedTest
  @CsvSource({"team, true", "cost_center-1, true", "Team, false", "1team, false", "'', false"})
  void labelKeys(String key, boolean valid) {
    assertEquals(valid, Formats.labelKey(key).isEmpty(), key);
  }

  @ParameterizedTest
  @CsvSource({"'', true", "data-science_1, true", "Data, false", "a.b, false"})
  void labelValues(String value, boolean valid) {
    assertEquals(valid, Formats.labelValue(value).isEmpty(), value);
  }

  @ParameterizedTest
  @CsvSource({
    "My Kedro Project!, 128, my-kedro-project", "__x__, 128, x", "abc-def, 5, abc-d", "abcd-ef, 5, abcd", "'', 10, ''"
  })
  void sanitizedNames(String value, int max, String expected) {
    assertEquals(expected, Formats.sanitizedName(value, max));
  }

  @ParameterizedTest
  @CsvSource({"gs://b/x/, gs://b/x", "b/x//, b/x", "file:///tmp/x/, file:///tmp/x", "file:///, file:///"})
  void rootsLoseTrailingSlashes(String root, String expected) {
    assertEquals(expected, Formats.normalizeRoot(root));
  }
}
