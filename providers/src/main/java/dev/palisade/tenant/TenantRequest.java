package dev.palisade.tenant;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;
import dev.palisade.rest.RequestFields;

/**
 * A provisioning request, checked before anything is created. Names become realm names and so
 * URL paths: lower-case letters, digits and hyphens, 3 to 40 characters, starting with a letter.
 *
 * @param smtp the tenant's own SMTP settings, laid over the template's; empty when not given
 */
record TenantRequest(String name, String displayName, String plan, Owner owner,
    Map<String, String> smtp) {

  /** The first Owner of the tenant. */
  record Owner(String email, String firstName, String lastName) {
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");
  private static final Set<String> RESERVED = Set.of("master", "admin", "realms", "resources",
      "js", "health", "metrics");
  /** The keys of Keycloak's {@code smtpServer} a request may set. */
  static final Set<String> SMTP_KEYS = Set.of("host", "port", "from", "fromDisplayName",
      "replyTo", "starttls", "ssl", "auth", "user", "password");
  private static final Set<String> SMTP_FLAGS = Set.of("starttls", "ssl", "auth");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  static TenantRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    String name = RequestFields.text(body, "name", true);
    if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
      throw ApiError.badRequest("invalid_name", "a tenant name is 3-40 lower-case letters, digits"
          + " and hyphens, starting with a letter, and not a reserved word: " + name);
    }
    String plan = RequestFields.text(body, "plan", true);
    if (!TenantTemplate.PLANS.contains(plan)) {
      throw ApiError.badRequest("invalid_plan", "plan must be one of " + TenantTemplate.PLANS);
    }
    String displayName = RequestFields.text(body, "displayName", false);
    JsonNode owner = body.get("owner");
    if (owner == null || !owner.isObject()) {
      throw ApiError.badRequest("missing_owner", "owner {email, firstName, lastName} is required");
    }
    String email = RequestFields.text(owner, "email", true).toLowerCase(Locale.ROOT);
    if (!RequestFields.isEmail(email)) {
      throw ApiError.badRequest("invalid_owner", "owner.email is not an email address");
    }
    return new TenantRequest(name, displayName == null ? name : displayName, plan,
        new Owner(email, RequestFields.text(owner, "firstName", true),
            RequestFields.text(owner, "lastName", true)),
        smtp(body.get("smtp")));
  }

  /**
   * The optional {@code smtp} object: Keycloak's own {@code smtpServer} keys with string values,
   * a host whenever it is given, a numeric port and {@code "true"/"false"} flags.
   */
  static Map<String, String> smtp(JsonNode smtp) {
    if (smtp == null || smtp.isNull()) {
      return Map.of();
    }
    if (!smtp.isObject()) {
      throw invalidSmtp("smtp must be an object of Keycloak smtpServer settings");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = smtp.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (!SMTP_KEYS.contains(key)) {
        String shown = key.length() <= 40 && PathValues.isStorable(key) ? key : "…";
        throw invalidSmtp("smtp." + shown + " is not a setting; allowed: "
            + new TreeSet<>(SMTP_KEYS));
      }
      if (!RequestFields.isText(value)) {
        throw invalidSmtp("smtp." + key + " must be a string of at most " + RequestFields.MAX_TEXT
            + " characters, without control characters");
      }
      settings.put(key, value.asText().trim());
    }
    String host = settings.get("host");
    if (host == null || host.isBlank()) {
      throw invalidSmtp("smtp.host is required when smtp is given");
    }
    String port = settings.get("port");
    if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535)) {
      throw invalidSmtp("smtp.port must be a port number, 1-65535");
    }
    for (String flag : SMTP_FLAGS) {
      String value = settings.get(flag);
      if (value != null && !value.equals("true") && !value.equals("false")) {
        throw invalidSmtp("smtp." + flag + " must be \"true\" or \"false\"");
      }
    }
    return Map.copyOf(settings);
  }

  private static RuntimeException invalidSmtp(String description) {
    return ApiError.badRequest("invalid_smtp", description);
  }
}
