package io.github.gatewaysdk.aistats.core;

/** The User-Agent this client sends: {@code ai-stats-client/<version> Java/<java.version>}. */
final class UserAgent {
  private UserAgent() {
  }

  static String value() {
    return "ai-stats-client/" + version() + " Java/" + System.getProperty("java.version");
  }

  /** The jar manifest's Implementation-Version; "dev" when running from a classes folder, which has no manifest. */
  static String version() {
    Package pkg = UserAgent.class.getPackage();
    String version = pkg == null ? null : pkg.getImplementationVersion();
    return version == null || version.trim().isEmpty() ? "dev" : version;
  }
}
