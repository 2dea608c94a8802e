package io.contactd.files;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 client and presigner for one {@link S3Location}, both on the JDK's HTTP client (no Netty,
 * no Apache HttpClient). Checksums are sent only where contactd computes them (SHA-256 of each
 * object or part) or S3 requires one, which every S3-compatible server understands; the SDK's
 * default would add a CRC32 trailer to every upload that older servers refuse.
 */
record S3Clients(S3Client client, S3Presigner presigner) {
  /** S3-compatible servers ignore the region, but SigV4 signs one. */
  private static final Region ANY_REGION = Region.US_EAST_1;

  static S3Clients create(S3Location location) {
    return create(location, DefaultCredentialsProvider.builder().build());
  }

  static S3Clients create(S3Location location, AwsCredentialsProvider credentials) {
    Region region = region(location);
    S3Configuration service =
        S3Configuration.builder().pathStyleAccessEnabled(location.pathStyle()).build();
    var client =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(location.pathStyle())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    var presigner =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(service);
    if (location.endpoint() != null) {
      client.endpointOverride(location.endpoint());
      presigner.endpointOverride(location.endpoint());
    }
    return new S3Clients(client.build(), presigner.build());
  }

  private static Region region(S3Location location) {
    if (location.region() != null) {
      return Region.of(location.region());
    }
    if (location.endpoint() != null) {
      return ANY_REGION; // and no look-up of the AWS region chain, which may wait for EC2's
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new IllegalArgumentException(
          "--blob-store "
              + location.describe()
              + " names no region and none is configured: add &region=REGION or set AWS_REGION");
    }
  }
}
