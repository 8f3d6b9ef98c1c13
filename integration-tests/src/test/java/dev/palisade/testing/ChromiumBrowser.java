package dev.palisade.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, for pages that need JavaScript
 * (passkeys). Both binaries are given explicitly so Selenium never tries to download its own.
 * Each instance has a fresh profile, deleted on close.
 */
public final class ChromiumBrowser implements AutoCloseable {

  private static final String CHROMIUM = System.getProperty("palisade.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getProperty("palisade.chromedriver", "/usr/bin/chromedriver");

  private final Path profile;
  private final ChromeDriver driver;

  private ChromiumBrowser(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  public static ChromiumBrowser start() {
    return start(null);
  }

  /** As {@link #start()}, saving downloads into {@code directory} without asking. */
  public static ChromiumBrowser startWithDownloadsIn(Path directory) {
    return start(directory);
  }

  private static ChromiumBrowser start(Path downloads) {
    requireExecutable(CHROMIUM, "chromium");
    requireExecutable(CHROMEDRIVER, "chromium-driver");
    try {
      Path profile = Files.createTempDirectory("palisade-chromium");
      ChromeOptions options = new ChromeOptions()
          .setBinary(CHROMIUM)
          // No sandbox: the tests run as root here. The network flags stop Chromium from
          // calling Google's services, which this machine must not and cannot reach.
          .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-quic", "--user-data-dir=" + profile);
      // Keycloak's passkey registration asks for a label with window.prompt(); accepting
      // keeps its suggested label, as a person pressing Enter would.
      options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.ACCEPT);
      if (downloads != null) {
        options.setExperimentalOption("prefs", Map.of(
            "download.default_directory", downloads.toAbsolutePath().toString(),
            "download.prompt_for_download", false));
      }
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER))
          .usingAnyFreePort()
          .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new ChromiumBrowser(profile, driver);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a Chromium profile", e);
    }
  }

  private static void requireExecutable(String path, String debianPackage) {
    if (!new File(path).canExecute()) {
      throw new IllegalStateException(path + " is missing: install Debian's " + debianPackage
          + " package (docs/development.md)");
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Adds Chrome's virtual authenticator: a platform (internal) CTAP2 authenticator with
   * resident keys and user verification, which creates and signs passkeys without a person.
   */
  public VirtualAuthenticator addPasskeyAuthenticator() {
    return addAuthenticator(true);
  }

  /** As {@link #addPasskeyAuthenticator()}, but it cannot check a PIN or biometric. */
  public VirtualAuthenticator addAuthenticatorWithoutUserVerification() {
    return addAuthenticator(false);
  }

  private VirtualAuthenticator addAuthenticator(boolean verifiesUser) {
    return ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(
        new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(verifiesUser)
            .setIsUserVerified(verifiesUser)
            .setIsUserConsenting(true));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A leftover temp profile is harmless; the test outcome must not depend on it.
    }
  }
}
