package io.contactd.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * SMTP from a URL: {@code smtp://host:port}, {@code smtps://user:password@host:465}. STARTTLS is
 * used when the server offers it.
 */
public final class SmtpMailer implements Mailer {
  private final Session session;
  private final InternetAddress from;

  public SmtpMailer(String url, String from) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme();
    if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
      throw new IllegalArgumentException(
          "--smtp-url must be smtp://host:port or smtps://…, was " + url);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("--smtp-url has no host: " + url);
    }
    boolean ssl = scheme.equals("smtps");
    int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 465 : 25);
    Properties p = new Properties();
    p.put("mail.transport.protocol", scheme);
    p.put("mail." + scheme + ".host", uri.getHost());
    p.put("mail." + scheme + ".port", Integer.toString(port));
    p.put("mail." + scheme + ".connectiontimeout", "10000");
    p.put("mail." + scheme + ".timeout", "30000");
    p.put("mail.smtp.starttls.enable", "true");
    Authenticator auth = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
      p.put("mail." + scheme + ".auth", "true");
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password);
            }
          };
    }
    this.session = Session.getInstance(p, auth);
    try {
      this.from = new InternetAddress(from, true);
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("--smtp-from is not a mail address: " + from, e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void send(String to, String subject, String text) throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    Transport.send(message);
  }

  @Override
  public boolean enabled() {
    return true;
  }
}
