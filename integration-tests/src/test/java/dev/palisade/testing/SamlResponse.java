package dev.palisade.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The SAML side of a test service provider: the SP-initiated AuthnRequest (redirect binding),
 * and the signed Response Keycloak posts back, parsed and its XML signatures checked with the
 * realm's certificate (the JDK's own XML digital signature API, no SAML library).
 */
public final class SamlResponse {

  private static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
  private static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";

  private final Document document;

  private SamlResponse(Document document) {
    this.document = document;
  }

  /** The URL that starts a sign-in at the realm's SAML endpoint for service provider {@code sp}. */
  public static String authnRequestUrl(String realmUrl, String sp, String acsUrl) {
    String request = "<samlp:AuthnRequest xmlns:samlp=\"" + PROTOCOL + "\" xmlns:saml=\""
        + ASSERTION + "\" ID=\"_" + UUID.randomUUID() + "\" Version=\"2.0\" IssueInstant=\""
        + Instant.now() + "\" AssertionConsumerServiceURL=\"" + acsUrl + "\" ProtocolBinding="
        + "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"><saml:Issuer>" + sp
        + "</saml:Issuer></samlp:AuthnRequest>";
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated,
        new Deflater(Deflater.DEFLATED, true))) {
      out.write(request.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return realmUrl + "/protocol/saml?SAMLRequest=" + URLEncoder.encode(
        Base64.getEncoder().encodeToString(deflated.toByteArray()), StandardCharsets.UTF_8);
  }

  /** The Response in the auto-posting form Keycloak's last page holds. */
  public static SamlResponse fromPostForm(OidcLoginDriver driver) {
    var input = driver.currentPage().selectFirst("input[name=SAMLResponse]");
    if (input == null) {
      throw new AssertionError("no SAMLResponse form on " + driver.currentPage().text());
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
          Base64.getMimeDecoder().decode(input.val())));
      markIds(document, PROTOCOL, "Response");
      markIds(document, ASSERTION, "Assertion");
      return new SamlResponse(document);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable SAML response", e);
    }
  }

  /** The realm's RS256 signing certificate's public key, from its PEM body. */
  public static PublicKey publicKey(String certificateBase64) {
    try {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(
              Base64.getMimeDecoder().decode(certificateBase64)));
      return certificate.getPublicKey();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many XML signatures the response holds, each checked; throws if any is invalid. */
  public int validSignatures(PublicKey key) {
    NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
    XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
    for (int i = 0; i < signatures.getLength(); i++) {
      try {
        DOMValidateContext context = new DOMValidateContext(key, signatures.item(i));
        if (!factory.unmarshalXMLSignature(context).validate(context)) {
          throw new AssertionError("signature " + i + " does not verify");
        }
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("signature " + i + " cannot be checked", e);
      }
    }
    return signatures.getLength();
  }

  /** Attribute name → its values, from the assertion's attribute statement. */
  public Map<String, List<String>> attributes() {
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    NodeList nodes = document.getElementsByTagNameNS(ASSERTION, "Attribute");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element attribute = (Element) nodes.item(i);
      List<String> values = new ArrayList<>();
      NodeList valueNodes = attribute.getElementsByTagNameNS(ASSERTION, "AttributeValue");
      for (int v = 0; v < valueNodes.getLength(); v++) {
        values.add(valueNodes.item(v).getTextContent());
      }
      attributes.computeIfAbsent(attribute.getAttribute("Name"), name -> new ArrayList<>())
          .addAll(values);
    }
    return attributes;
  }

  /** Changes the first value of attribute {@code name}, as an attacker on the wire would. */
  public void tamper(String name, String value) {
    NodeList nodes = document.getElementsByTagNameNS(ASSERTION, "Attribute");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element attribute = (Element) nodes.item(i);
      if (name.equals(attribute.getAttribute("Name"))) {
        attribute.getElementsByTagNameNS(ASSERTION, "AttributeValue").item(0)
            .setTextContent(value);
        return;
      }
    }
    throw new AssertionError("no attribute " + name);
  }

  private static void markIds(Document document, String namespace, String element) {
    NodeList nodes = document.getElementsByTagNameNS(namespace, element);
    for (int i = 0; i < nodes.getLength(); i++) {
      ((Element) nodes.item(i)).setIdAttribute("ID", true);
    }
  }
}
