package dev.palisade.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Walks Keycloak's server-rendered login pages over plain HTTP, as a browser without JavaScript
 * would: an authorization code flow with PKCE, one cookie jar per driver, forms filled and
 * posted, redirects followed until the client's redirect URI is reached. For pages that need
 * JavaScript (passkeys), use {@link ChromiumBrowser} and hand its final URL to
 * {@link #arrivedAt(String)}.
 */
public final class OidcLoginDriver {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 20;
  /** Longer than any answer takes; a request never waits forever on a server that went away. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder()
      .cookieHandler(new CookieManager(new LocalhostCookieStore(), CookiePolicy.ACCEPT_ALL))
      .followRedirects(HttpClient.Redirect.NEVER)
      .sslContext(TestTls.context())
      .build();
  private final String realmUrl;
  private final String clientId;
  private final String redirectUri;
  private final String codeVerifier = randomUrlSafe(32);
  private final Map<String, String> extraParameters = new LinkedHashMap<>();

  private URI pageUrl;
  private int pageStatus;
  private Document page;
  private Map<String, String> callbackParameters;

  private OidcLoginDriver(String realmUrl, String clientId, String redirectUri) {
    this.realmUrl = realmUrl;
    this.clientId = clientId;
    this.redirectUri = redirectUri;
  }

  /** Opens the authorization endpoint of {@code realm} for a client made by TestRealm. */
  public static OidcLoginDriver begin(PalisadeInstance server, TestRealm realm, String clientId) {
    OidcLoginDriver driver = prepare(server, realm, clientId);
    driver.get(driver.authorizationRequest());
    return driver;
  }

  /**
   * Opens the authorization endpoint with {@code extraParameters} added to the request, e.g.
   * {@code kc_action} for an application-initiated action or {@code prompt}.
   */
  public static OidcLoginDriver begin(PalisadeInstance server, TestRealm realm, String clientId,
      Map<String, String> extraParameters) {
    OidcLoginDriver driver = prepare(server, realm, clientId);
    driver.extraParameters.putAll(extraParameters);
    driver.get(driver.authorizationRequest());
    return driver;
  }

  /** Opens the authorization endpoint of any realm and client, e.g. master's admin console. */
  public static OidcLoginDriver begin(PalisadeInstance server, String realm, String clientId,
      String redirectUri) {
    OidcLoginDriver driver = new OidcLoginDriver(server.baseUrl() + "/realms/" + realm,
        clientId, redirectUri);
    driver.get(driver.authorizationRequest());
    return driver;
  }

  /**
   * A driver that has not sent anything yet: for flows a real browser walks, which hands back
   * the final URL through {@link #arrivedAt(String)} so this driver can redeem the code.
   */
  public static OidcLoginDriver prepare(PalisadeInstance server, TestRealm realm, String clientId) {
    return new OidcLoginDriver(server.baseUrl() + "/realms/" + realm.name(), clientId,
        realm.callbackUrl());
  }

  /** The authorization request URL (code flow, PKCE S256, fresh state). */
  public URI authorizationRequest() {
    Map<String, String> parameters = new LinkedHashMap<>(Map.of(
        "client_id", clientId,
        "redirect_uri", redirectUri,
        "response_type", "code",
        "scope", "openid",
        "state", randomUrlSafe(16),
        "code_challenge", s256(codeVerifier),
        "code_challenge_method", "S256"));
    parameters.putAll(extraParameters);
    return URI.create(realmUrl + "/protocol/openid-connect/auth?" + formEncode(parameters));
  }

  /** Records that a browser reached {@code url}, the client's redirect URI with the result. */
  public OidcLoginDriver arrivedAt(String url) {
    if (!url.startsWith(redirectUri)) {
      throw new AssertionError("the browser is at " + url + ", not at " + redirectUri);
    }
    callbackParameters = queryParameters(URI.create(url));
    page = null;
    return this;
  }

  /** Username and password on the first login page. */
  public OidcLoginDriver loginWithPassword(String username, String password) {
    return submit(Map.of("username", username, "password", password));
  }

  /** Fills the page's first form with {@code fields} (over its own inputs) and posts it. */
  public OidcLoginDriver submit(Map<String, String> fields) {
    return submit("form", fields);
  }

  /** Fills the form that {@code cssSelector} names with {@code fields} and posts it. */
  public OidcLoginDriver submit(String cssSelector, Map<String, String> fields) {
    return post(formAction(cssSelector), formValues(cssSelector, fields));
  }

  /**
   * As {@link #submit(Map)}, but sent to the form's path on {@code baseUrl}: another node, or
   * another proxy, of the cluster that rendered the page.
   */
  public OidcLoginDriver submitVia(String baseUrl, Map<String, String> fields) {
    URI action = formAction("form");
    URI base = URI.create(baseUrl);
    return post(URI.create(base.getScheme() + "://" + base.getRawAuthority()
        + action.getRawPath() + (action.getRawQuery() == null ? "" : "?" + action.getRawQuery())),
        formValues("form", fields));
  }

  private Map<String, String> formValues(String cssSelector, Map<String, String> fields) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Element input : form(cssSelector).select("input[name]")) {
      String type = input.attr("type");
      if (!type.equals("submit") && !type.equals("checkbox") && !type.equals("radio")) {
        values.put(input.attr("name"), input.val());
      }
    }
    values.putAll(fields);
    return values;
  }

  /** Posts {@code fields} to the action URL of a form seen earlier, with this driver's cookies. */
  public OidcLoginDriver post(URI action, Map<String, String> fields) {
    send(HttpRequest.newBuilder(action)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(formEncode(fields))));
    return this;
  }

  /** Opens {@code uri} (a link from an email, a hand-made URL) with this driver's cookies. */
  public OidcLoginDriver open(URI uri) {
    get(uri);
    return this;
  }

  /** Follows the link {@code cssSelector} names on the current page. */
  public OidcLoginDriver follow(String cssSelector) {
    Element link = Optional.ofNullable(currentPage().selectFirst(cssSelector))
        .orElseThrow(() -> new AssertionError("no link '" + cssSelector + "' on " + describe()));
    return open(pageUrl.resolve(link.attr("href")));
  }

  /** The HTTP status of the current page. */
  public int status() {
    currentPage();
    return pageStatus;
  }

  /** The URL of the current page. */
  public URI pageUrl() {
    currentPage();
    return pageUrl;
  }

  /** The absolute action URL of the form {@code cssSelector} names on the current page. */
  public URI formAction(String cssSelector) {
    return pageUrl.resolve(form(cssSelector).attr("action"));
  }

  private Element form(String cssSelector) {
    return Optional.ofNullable(currentPage().selectFirst(cssSelector))
        .orElseThrow(() -> new AssertionError("no form '" + cssSelector + "' on " + describe()));
  }

  /** The page the server shows now; fails if the flow has already left the server. */
  public Document currentPage() {
    if (page == null) {
      throw new AssertionError("the flow reached the redirect URI: " + callbackParameters);
    }
    return page;
  }

  public boolean finished() {
    return callbackParameters != null;
  }

  /** The message Keycloak shows for a failed step (wrong password, wrong code, …), or "". */
  public String errorMessage() {
    Element error = currentPage().selectFirst("#input-error, .kc-feedback-text, .alert-error");
    return error == null ? "" : error.text();
  }

  /** The authorization code the flow ended with; fails with the current page otherwise. */
  public String authorizationCode() {
    if (!finished() || !callbackParameters.containsKey("code")) {
      throw new AssertionError("no authorization code; " + describe());
    }
    return callbackParameters.get("code");
  }

  /** Exchanges the authorization code at the token endpoint; returns the token response. */
  public Map<String, Object> exchangeCode() {
    String body = send(HttpRequest.newBuilder(
            URI.create(realmUrl + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(formEncode(Map.of(
            "grant_type", "authorization_code",
            "client_id", clientId,
            "code", authorizationCode(),
            "redirect_uri", redirectUri,
            "code_verifier", codeVerifier)))), false);
    return parseJson(body);
  }

  /** The claims of a JWT, unverified: for asserting what the server put in a token. */
  public static Map<String, Object> claims(String jwt) {
    String[] parts = jwt.split("\\.");
    return parseJson(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private String describe() {
    if (finished()) {
      return "the flow ended at the redirect URI with " + callbackParameters;
    }
    return "page " + pageUrl + " titled '" + page.title() + "': " + page.body().text();
  }

  private void get(URI uri) {
    send(HttpRequest.newBuilder(uri).GET());
  }

  private void send(HttpRequest.Builder request) {
    String body = send(request, true);
    if (!finished()) {
      page = Jsoup.parse(body, pageUrl.toString());
    }
  }

  /** Sends, following redirects inside the server; stops at the client's redirect URI. */
  private String send(HttpRequest.Builder request, boolean trackPage) {
    try {
      HttpResponse<String> response = http.send(request.timeout(PATIENCE).build(),
          HttpResponse.BodyHandlers.ofString());
      for (int hops = 0; isRedirect(response.statusCode()); hops++) {
        if (hops == MAX_REDIRECTS) {
          throw new AssertionError("more than " + MAX_REDIRECTS + " redirects");
        }
        URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        if (trackPage && next.toString().startsWith(redirectUri)) {
          arrivedAt(next.toString());
          return "";
        }
        response = http.send(HttpRequest.newBuilder(next).timeout(PATIENCE).GET().build(),
            HttpResponse.BodyHandlers.ofString());
      }
      if (trackPage) {
        pageUrl = response.uri();
        pageStatus = response.statusCode();
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("request to the Palisade server failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307;
  }

  private static Map<String, String> queryParameters(URI uri) {
    String query = Optional.ofNullable(uri.getRawQuery()).orElse("");
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        parameters.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return parameters;
  }

  /** {@code application/x-www-form-urlencoded} (and query string) encoding. */
  public static String formEncode(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> parseJson(String body) {
    try {
      return JSON.readValue(body, new TypeReference<>() { });
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static String randomUrlSafe(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Keycloak marks its login cookies Secure. Browsers send Secure cookies to http://localhost,
   * which they treat as a secure context; java.net's CookieManager does not. The tests only
   * talk to localhost, so this store behaves as a browser does there.
   */
  private static final class LocalhostCookieStore implements CookieStore {

    private final CookieStore delegate = new CookieManager().getCookieStore();

    @Override
    public void add(URI uri, HttpCookie cookie) {
      cookie.setSecure(false);
      delegate.add(uri, cookie);
    }

    @Override
    public List<HttpCookie> get(URI uri) {
      return delegate.get(uri);
    }

    @Override
    public List<HttpCookie> getCookies() {
      return delegate.getCookies();
    }

    @Override
    public List<URI> getURIs() {
      return delegate.getURIs();
    }

    @Override
    public boolean remove(URI uri, HttpCookie cookie) {
      return delegate.remove(uri, cookie);
    }

    @Override
    public boolean removeAll() {
      return delegate.removeAll();
    }
  }
}
