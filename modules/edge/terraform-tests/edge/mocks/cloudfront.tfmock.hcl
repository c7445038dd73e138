# Mocked values for every test of the edge module, beside the edge layer's shared aws.tfmock.hcl (terraform-tests/_shared):
# the ARNs of its CloudFront resources, which the provider validates (edge-regional has no CloudFront).

mock_resource "aws_cloudfront_vpc_origin" {
  defaults = {
    arn = "arn:aws:cloudfront::123456789012:vpcorigin/vo_0123456789abcdef"
  }
}

mock_resource "aws_cloudfront_distribution" {
  defaults = {
    arn = "arn:aws:cloudfront::123456789012:distribution/E0123456789ABC"
  }
}
