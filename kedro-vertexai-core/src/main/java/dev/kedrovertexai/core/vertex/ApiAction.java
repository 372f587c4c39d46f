package dev.kedrovertexai.core.vertex;

/**
 * One call to a Google API, described for people: what it does ({@code create pipeline job x in
 * projects/p/locations/r}), the IAM permission it needs and a predefined role that holds it.
 */
record ApiAction(String description, String permission, String role) {
  static final String VERTEX_USER = "roles/aiplatform.user";

  static ApiAction vertex(String description, String permission) {
    return new ApiAction(description, permission, VERTEX_USER);
  }
}
