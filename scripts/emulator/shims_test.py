"""
Tests of the emulator shims (python3 -m unittest scripts/emulator/shims_test.py; the apply tier runs them through
__tests__/apply/shims.apply.test.ts). Each shim: the emulator with it behaves as AWS does, and moto without it
still does not (so a shim made unnecessary by a moto upgrade is noticed and removed).
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import boto3
import botocore.config
import botocore.exceptions

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import shims  # noqa: E402

# The state bucket policy's two denials (modules/state): TLS only, and SSE-KMS on every put.
STATE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::state-bucket-test", "arn:aws:s3:::state-bucket-test/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "DenyObjectsNotEncryptedWithKms", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::state-bucket-test/*", "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}},
    ],
}


class Server:
    def __init__(self, tls, zones=(), shimmed=True, serialized=True):
        self.tmp = tempfile.mkdtemp()
        args = [sys.executable, os.path.join(HERE, "server.py"), "--port", "0"] + ([] if shimmed else ["--no-shims"]) + ([] if serialized else ["--unserialized"])
        if tls:
            args += ["--tls", self.tmp]
        for z in zones:
            args += ["--zone", z]
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        line = self.proc.stdout.readline()
        if not line.startswith("READY "):
            raise RuntimeError(f"emulator did not start: {line!r}")
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{int(line.split()[1])}"
        self.verify = os.path.join(self.tmp, "cert.pem") if tls else None

    def client(self, service, account="111111111111"):
        base = dict(region_name="us-east-1", endpoint_url=self.url, verify=self.verify,
                    config=botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}))
        creds = boto3.client("sts", aws_access_key_id="x", aws_secret_access_key="y", **base).assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/test", RoleSessionName="shims-test")["Credentials"]
        return boto3.client(service, aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"], **base)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


def status(fn):
    try:
        fn()
        return 200
    except botocore.exceptions.ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"]


class BucketPolicyConditions(unittest.TestCase):
    def setUp(self):
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()

    def server(self, tls):
        s = Server(tls)
        self.servers.append(s)
        return s

    def test_https_kms_puts_pass_other_puts_are_denied(self):
        s3 = self.server(True).client("s3")
        s3.create_bucket(Bucket="state-bucket-test")
        s3.put_bucket_policy(Bucket="state-bucket-test", Policy=json.dumps(STATE_POLICY))
        self.assertEqual(status(lambda: s3.put_object(Bucket="state-bucket-test", Key="k", Body=b"x")), 403)
        self.assertEqual(status(lambda: s3.put_object(Bucket="state-bucket-test", Key="k", Body=b"x", ServerSideEncryption="AES256")), 403)
        self.assertEqual(status(lambda: s3.put_object(Bucket="state-bucket-test", Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/x")), 200)
        self.assertEqual(status(lambda: s3.head_object(Bucket="state-bucket-test", Key="k")), 200)
        self.assertEqual(status(lambda: s3.get_object(Bucket="state-bucket-test", Key="k")), 200)

    def test_plain_http_is_denied_by_the_secure_transport_statement(self):
        s3 = self.server(False).client("s3")
        s3.create_bucket(Bucket="state-bucket-test")
        s3.put_bucket_policy(Bucket="state-bucket-test", Policy=json.dumps(STATE_POLICY))
        self.assertEqual(status(lambda: s3.put_object(Bucket="state-bucket-test", Key="k", Body=b"x", ServerSideEncryption="aws:kms")), 403)

    def test_moto_without_the_shim_denies_even_a_compliant_request(self):
        from moto.iam.access_control import IAMPolicy, PermissionResult

        compliant = {"aws:securetransport": "true", "s3:x-amz-server-side-encryption": "aws:kms"}
        self.assertEqual(IAMPolicy(json.dumps(STATE_POLICY)).is_action_permitted("s3:PutObject", "arn:aws:s3:::state-bucket-test/k"), PermissionResult.DENIED)
        self.assertEqual(shims.evaluate_bucket_policy(json.dumps(STATE_POLICY), "s3:PutObject", "arn:aws:s3:::state-bucket-test/k", compliant), PermissionResult.NEUTRAL)

    def test_an_operator_the_shim_does_not_know_fails_loudly(self):
        policy = {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
        with self.assertRaises(shims.UnsupportedCondition):
            shims.evaluate_bucket_policy(json.dumps(policy), "s3:GetObject", "arn:aws:s3:::state-bucket-test/k", {})


class HostedZoneIds(unittest.TestCase):
    def test_the_seeded_zone_gets_its_id_in_its_account_only(self):
        s = Server(False, zones=["333333333333:Z0123456789ABCDEFGHIJ:example.com"])
        try:
            self.assertEqual(s.client("route53", "333333333333").create_hosted_zone(Name="example.com", CallerReference="a")["HostedZone"]["Id"], "/hostedzone/Z0123456789ABCDEFGHIJ")
            self.assertNotEqual(s.client("route53", "111111111111").create_hosted_zone(Name="example.com", CallerReference="b")["HostedZone"]["Id"], "/hostedzone/Z0123456789ABCDEFGHIJ")
        finally:
            s.stop()


class Gaps(unittest.TestCase):
    """Each gap: the call works with the shims, and plain moto 5.2.1 still fails it."""

    @classmethod
    def setUpClass(cls):
        cls.shimmed = Server(False)
        cls.plain = Server(False, shimmed=False)

    @classmethod
    def tearDownClass(cls):
        cls.shimmed.stop()
        cls.plain.stop()

    def both(self, fn):
        """(result with shims, status without)."""
        return fn(self.shimmed), status(lambda: fn(self.plain))

    def test_cloudtrail_start_logging_by_arn(self):
        def run(s):
            ct = s.client("cloudtrail")
            s3 = s.client("s3")
            s3.create_bucket(Bucket="trail-bucket")
            arn = ct.create_trail(Name="trail-1", S3BucketName="trail-bucket")["TrailARN"]
            ct.start_logging(Name=arn)
            return ct.get_trail_status(Name=arn)["IsLogging"]

        ok, plain = self.both(run)
        self.assertTrue(ok)
        self.assertEqual(plain, 500)

    def test_guardduty_features_are_merged_by_name(self):
        def run(s):
            gd = s.client("guardduty")
            d = gd.create_detector(Enable=True)["DetectorId"]
            gd.update_detector(DetectorId=d, Features=[{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}])
            gd.update_detector(DetectorId=d, Features=[{"Name": "RDS_LOGIN_EVENTS", "Status": "ENABLED"}])
            return sorted(f["Name"] for f in gd.get_detector(DetectorId=d).get("Features", []))

        self.assertEqual(run(self.shimmed), ["RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"])
        self.assertEqual(run(self.plain), ["RDS_LOGIN_EVENTS"])

    def test_securityhub_configuration_and_standards(self):
        std = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"

        def run(s):
            sh = s.client("securityhub", "222222222222")
            sh.enable_security_hub(EnableDefaultStandards=False)
            sh.update_security_hub_configuration(AutoEnableControls=False, ControlFindingGenerator="STANDARD_CONTROL")
            hub = sh.describe_hub()
            sub = sh.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": std}])["StandardsSubscriptions"][0]
            got = sh.get_enabled_standards(StandardsSubscriptionArns=[sub["StandardsSubscriptionArn"]])["StandardsSubscriptions"]
            return hub["AutoEnableControls"], hub["ControlFindingGenerator"], [g["StandardsStatus"] for g in got]

        ok, plain = self.both(run)
        self.assertEqual(ok, (False, "STANDARD_CONTROL", ["READY"]))
        self.assertNotEqual(plain, 200)

    def test_access_analyzer(self):
        def run(s):
            aa = s.client("accessanalyzer", "333333333333")
            arn = aa.create_analyzer(analyzerName="a1", type="ACCOUNT", tags={"k": "v"})["arn"]
            got = aa.get_analyzer(analyzerName="a1")["analyzer"]
            tags = aa.list_tags_for_resource(resourceArn=arn)["tags"]
            aa.delete_analyzer(analyzerName="a1")
            return got["arn"] == arn, got["status"], tags, status(lambda: aa.get_analyzer(analyzerName="a1"))

        ok, plain = self.both(run)
        self.assertEqual(ok, (True, "ACTIVE", {"k": "v"}, 404))
        self.assertEqual(plain, 500)

    def test_application_autoscaling_tags(self):
        arn = "arn:aws:application-autoscaling:us-east-1:111111111111:scalable-target/0123"

        def run(s):
            aas = s.client("application-autoscaling")
            aas.tag_resource(ResourceARN=arn, Tags={"a": "b"})
            return aas.list_tags_for_resource(ResourceARN=arn)["Tags"]

        ok, plain = self.both(run)
        self.assertEqual(ok, {"a": "b"})
        self.assertEqual(plain, 500)

    def test_rds_keeps_monitoring_and_performance_insights(self):
        def run(s):
            rds = s.client("rds")
            rds.create_db_instance(
                DBInstanceIdentifier="db-1", DBInstanceClass="db.t4g.micro", Engine="postgres", AllocatedStorage=20,
                MasterUsername="u", MasterUserPassword="password123", MonitoringInterval=60,
                MonitoringRoleArn="arn:aws:iam::111111111111:role/mon", EnablePerformanceInsights=True, PerformanceInsightsRetentionPeriod=7,
            )
            rds.modify_db_instance(DBInstanceIdentifier="db-1", MonitoringInterval=30, ApplyImmediately=True)
            d = rds.describe_db_instances(DBInstanceIdentifier="db-1")["DBInstances"][0]
            return d.get("MonitoringInterval"), d.get("PerformanceInsightsEnabled"), d.get("PerformanceInsightsRetentionPeriod")

        self.assertEqual(run(self.shimmed), (30, True, 7))
        self.assertNotEqual(run(self.plain), (30, True, 7))

    def test_rds_new_instance_gets_the_default_ca_of_aws(self):
        def run(s):
            rds = s.client("rds")
            d = rds.create_db_instance(
                DBInstanceIdentifier="db-ca", DBInstanceClass="db.t4g.micro", Engine="postgres", AllocatedStorage=20,
                MasterUsername="u", MasterUserPassword="password123",
            )["DBInstance"]
            return d.get("CACertificateIdentifier")

        self.assertEqual(run(self.shimmed), "rds-ca-rsa2048-g1")
        self.assertEqual(run(self.plain), "rds-ca-default")

    def test_rds_instances_have_their_own_resource_id(self):
        def run(s):
            rds = s.client("rds")
            ids = []
            for name in ("db-a", "db-b"):
                ids.append(rds.create_db_instance(
                    DBInstanceIdentifier=name, DBInstanceClass="db.t4g.micro", Engine="postgres", AllocatedStorage=20,
                    MasterUsername="u", MasterUserPassword="password123",
                )["DBInstance"]["DbiResourceId"])
            rds.delete_db_instance(DBInstanceIdentifier="db-a", SkipFinalSnapshot=True)
            # The provider's lookup of a deleted instance: must find nothing.
            found = rds.describe_db_instances(Filters=[{"Name": "dbi-resource-id", "Values": [ids[0]]}])["DBInstances"]
            return ids[0] != ids[1], [d["DBInstanceIdentifier"] for d in found]

        self.assertEqual(run(self.shimmed), (True, []))
        self.assertEqual(run(self.plain), (False, ["db-b"]))

    def test_acm_list_certificates_after_a_request_with_options(self):
        def run(s):
            acm = s.client("acm")
            acm.request_certificate(DomainName="api.example.com", ValidationMethod="DNS", Options={"CertificateTransparencyLoggingPreference": "ENABLED"})
            return status(lambda: acm.list_certificates())

        self.assertEqual(run(self.shimmed), 200)
        self.assertEqual(run(self.plain), 500)

    def test_security_group_rule_description_of_a_group_reference(self):
        def run(s):
            ec2 = s.client("ec2")
            vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            a = ec2.create_security_group(GroupName="a", Description="a", VpcId=vpc)["GroupId"]
            b = ec2.create_security_group(GroupName="b", Description="b", VpcId=vpc)["GroupId"]
            rule = ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": b, "Description": "db from app"}]}])["SecurityGroupRules"][0]["SecurityGroupRuleId"]
            return ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])["SecurityGroupRules"][0].get("Description")

        self.assertEqual(run(self.shimmed), "db from app")
        self.assertIsNone(run(self.plain))

    def test_security_group_rule_description_of_a_prefix_list(self):
        def run(s):
            ec2 = s.client("ec2")
            vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            a = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=vpc)["GroupId"]
            pl = ec2.create_managed_prefix_list(PrefixListName="origin-facing", MaxEntries=2, AddressFamily="IPv4")["PrefixList"]["PrefixListId"]
            rule = ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl, "Description": "https from cloudfront"}]}])["SecurityGroupRules"][0]["SecurityGroupRuleId"]
            return ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])["SecurityGroupRules"][0].get("Description")

        self.assertEqual(run(self.shimmed), "https from cloudfront")
        self.assertIsNone(run(self.plain))

    def test_step_functions_list_versions(self):
        def run(s):
            sfn = s.client("stepfunctions")
            iam = s.client("iam")
            role = iam.create_role(RoleName="sfn-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
            arn = sfn.create_state_machine(name="sm-1", definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}), roleArn=role)["stateMachineArn"]
            return sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]

        ok, plain = self.both(run)
        self.assertEqual(ok, [])
        self.assertEqual(plain, 500)

    def test_codedeploy_deployment_config_lifecycle(self):
        def run(s):
            cd = s.client("codedeploy")
            routing = {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5}}
            cd.create_deployment_config(deploymentConfigName="app-canary", computePlatform="ECS", trafficRoutingConfig=routing)
            info = cd.get_deployment_config(deploymentConfigName="app-canary")["deploymentConfigInfo"]
            try:
                cd.create_deployment_config(deploymentConfigName="app-canary", computePlatform="ECS", trafficRoutingConfig=routing)
                duplicate = None
            except botocore.exceptions.ClientError as e:
                duplicate = e.response["Error"]["Code"]
            cd.delete_deployment_config(deploymentConfigName="app-canary")
            try:
                cd.get_deployment_config(deploymentConfigName="app-canary")
                gone = None
            except botocore.exceptions.ClientError as e:
                gone = e.response["Error"]["Code"]
            return info["computePlatform"], info["trafficRoutingConfig"], duplicate, gone

        ok, plain = self.both(run)
        self.assertEqual(ok, ("ECS", {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5}}, "DeploymentConfigAlreadyExistsException", "DeploymentConfigDoesNotExistException"))
        self.assertNotEqual(plain, 200)

    def test_codedeploy_delete_group_and_application(self):
        def run(s):
            cd = s.client("codedeploy")
            cd.create_application(applicationName="app-1", computePlatform="ECS")
            cd.create_deployment_group(applicationName="app-1", deploymentGroupName="group-1", serviceRoleArn="arn:aws:iam::123456789012:role/cd")
            hooks = cd.delete_deployment_group(applicationName="app-1", deploymentGroupName="group-1")["hooksNotCleanedUp"]
            groups = cd.list_deployment_groups(applicationName="app-1")["deploymentGroups"]
            cd.delete_application(applicationName="app-1")
            return hooks, groups, cd.list_applications()["applications"]

        ok, plain = self.both(run)
        self.assertEqual(ok, ([], [], []))
        self.assertNotEqual(plain, 200)

    def test_codedeploy_reads_back_a_numeric_create_time_and_the_alarms(self):
        def run(s):
            cd = s.client("codedeploy")
            cd.create_application(applicationName="app-2", computePlatform="ECS")
            alarms = {"enabled": True, "ignorePollAlarmFailure": False, "alarms": [{"name": "rollback-5xx"}]}
            cd.create_deployment_group(applicationName="app-2", deploymentGroupName="group-2", serviceRoleArn="arn:aws:iam::123456789012:role/cd", alarmConfiguration=alarms)
            # boto3 accepts a string timestamp; the provider's Go SDK does not: look at the raw answer.
            raw = []
            cd.meta.events.register("after-call.codedeploy.GetApplication", lambda http_response, **_: raw.append(json.loads(http_response.content)))
            cd.get_application(applicationName="app-2")
            group = cd.get_deployment_group(applicationName="app-2", deploymentGroupName="group-2")["deploymentGroupInfo"]
            return type(raw[0]["application"]["createTime"]).__name__, group["alarmConfiguration"]

        alarms = {"enabled": True, "ignorePollAlarmFailure": False, "alarms": [{"name": "rollback-5xx"}]}
        self.assertEqual(run(self.shimmed), ("float", alarms))
        self.assertEqual(run(self.plain), ("str", {}))

    def test_cloudfront_response_headers_policy(self):
        config = {
            "Name": "security-headers",
            "SecurityHeadersConfig": {"FrameOptions": {"Override": True, "FrameOption": "DENY"}},
        }

        def run(s):
            cf = s.client("cloudfront")
            created = cf.create_response_headers_policy(ResponseHeadersPolicyConfig=config)
            pid = created["ResponseHeadersPolicy"]["Id"]
            got = cf.get_response_headers_policy(Id=pid)
            cf.delete_response_headers_policy(Id=pid, IfMatch=got["ETag"])
            return got["ResponseHeadersPolicy"]["ResponseHeadersPolicyConfig"], status(lambda: cf.get_response_headers_policy(Id=pid))

        ok, plain = self.both(run)
        self.assertEqual(ok, (config, 404))
        self.assertEqual(plain, 404)

    def test_step_functions_validate_definition(self):
        good = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})

        def run(s):
            sfn = s.client("stepfunctions")
            return sfn.validate_state_machine_definition(definition=good)["result"], sfn.validate_state_machine_definition(definition="{}")["result"]

        ok, plain = self.both(run)
        self.assertEqual(ok, ("OK", "FAIL"))
        self.assertEqual(plain, 500)

    def cloudfront_distribution(self, s):
        """A distribution as the stacks make it (cache policy, no ForwardedValues, ACM certificate), read back after
        create and after an update: (ARN, ForwardedValues present, CloudFrontDefaultCertificate, CertificateSource)."""
        cf = s.client("cloudfront")
        config = {
            "CallerReference": "edge-1", "Comment": "api", "Enabled": True, "Aliases": {"Quantity": 1, "Items": ["api.example.com"]},
            "Origins": {"Quantity": 1, "Items": [{"Id": "alb", "DomainName": "origin.example.com", "CustomOriginConfig": {
                "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "redirect-to-https",
                                     "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"},
            "ViewerCertificate": {"ACMCertificateArn": "arn:aws:acm:us-east-1:111111111111:certificate/abc", "SSLSupportMethod": "sni-only",
                                  "MinimumProtocolVersion": "TLSv1.2_2021"},
        }
        created = cf.create_distribution(DistributionConfig=config)["Distribution"]

        def shape(d):
            c = d["DistributionConfig"]
            return (d["ARN"], "ForwardedValues" in c["DefaultCacheBehavior"], c["ViewerCertificate"].get("CloudFrontDefaultCertificate"),
                    c["ViewerCertificate"].get("CertificateSource"))

        got = cf.get_distribution(Id=created["Id"])
        updated = cf.update_distribution(Id=created["Id"], IfMatch=got["ETag"], DistributionConfig={**config, "Comment": "api v2"})["Distribution"]
        return created["Id"], shape(got["Distribution"]), shape(updated)

    def test_cloudfront_distribution_arn_forwarded_values_and_certificate(self):
        did, got, updated = self.cloudfront_distribution(self.shimmed)
        aws = (f"arn:aws:cloudfront::111111111111:distribution/{did}", False, False, "acm")
        self.assertEqual((got, updated), (aws, aws))
        did, got, updated = self.cloudfront_distribution(self.plain)
        moto = (f"arn:aws:cloudfront:111111111111:distribution/{did}", True, True, "cloudfront")
        self.assertEqual((got, updated), (moto, moto))

    def test_cloudfront_vpc_origin(self):
        endpoint = {"Name": "helloapi-prod-alb", "Arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/helloapi-prod-alb/0123456789abcdef",
                    "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only", "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]}}

        def run(s):
            cf = s.client("cloudfront")
            created = cf.create_vpc_origin(VpcOriginEndpointConfig=endpoint, Tags={"Items": [{"Key": "Project", "Value": "helloapi"}]})
            vo = created["VpcOrigin"]
            got = cf.get_vpc_origin(Id=vo["Id"])
            tags = cf.list_tags_for_resource(Resource=vo["Arn"])["Tags"].get("Items")
            stale = status(lambda: cf.update_vpc_origin(Id=vo["Id"], IfMatch="EWRONG", VpcOriginEndpointConfig=endpoint))
            updated = cf.update_vpc_origin(Id=vo["Id"], IfMatch=got["ETag"], VpcOriginEndpointConfig={**endpoint, "HTTPPort": 8080})
            after = cf.get_vpc_origin(Id=vo["Id"])
            # A distribution that names it keeps it from being deleted.
            cfg = {"CallerReference": "vo-1", "Comment": "", "Enabled": True,
                   "Origins": {"Quantity": 1, "Items": [{"Id": "alb", "DomainName": "origin.example.com", "VpcOriginConfig": {"VpcOriginId": vo["Id"], "OriginReadTimeout": 60, "OriginKeepaliveTimeout": 5}}]},
                   "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "redirect-to-https", "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}}
            d = cf.create_distribution(DistributionConfig=cfg)["Distribution"]
            origin = cf.get_distribution(Id=d["Id"])["Distribution"]["DistributionConfig"]["Origins"]["Items"][0]
            busy = status(lambda: cf.delete_vpc_origin(Id=vo["Id"], IfMatch=after["ETag"]))
            dc = cf.get_distribution_config(Id=d["Id"])
            cf.update_distribution(Id=d["Id"], IfMatch=dc["ETag"], DistributionConfig={**cfg, "Enabled": False})
            cf.delete_distribution(Id=d["Id"], IfMatch=cf.get_distribution(Id=d["Id"])["ETag"])
            cf.delete_vpc_origin(Id=vo["Id"], IfMatch=after["ETag"])
            return (vo["Id"][:3], len(vo["Id"]), vo["Arn"] == f"arn:aws:cloudfront::111111111111:vpcorigin/{vo['Id']}", vo["Status"], got["VpcOrigin"]["Status"],
                    got["VpcOrigin"]["VpcOriginEndpointConfig"], tags, stale, updated["ETag"] != got["ETag"], after["VpcOrigin"]["VpcOriginEndpointConfig"]["HTTPPort"],
                    origin.get("VpcOriginConfig"), busy, status(lambda: cf.get_vpc_origin(Id=vo["Id"])))

        ok, plain = self.both(run)
        self.assertEqual(ok[:10] + ok[11:], ("vo_", 25, True, "Deploying", "Deployed", endpoint, [{"Key": "Project", "Value": "helloapi"}], 412, True, 8080, 409, 404))
        self.assertEqual(ok[10], {"VpcOriginId": ok[10]["VpcOriginId"], "OriginReadTimeout": 60, "OriginKeepaliveTimeout": 5})
        self.assertRegex(ok[10]["VpcOriginId"], r"^vo_[A-Za-z0-9]{22}$")
        # moto 5.2.1 has no VPC origin API.
        self.assertIn(plain, (404, 500))

    def test_cloudfront_distribution_keeps_a_vpc_origin_config(self):
        def run(s):
            cf = s.client("cloudfront")
            cfg = {"CallerReference": "vo-2", "Comment": "", "Enabled": True,
                   "Origins": {"Quantity": 1, "Items": [{"Id": "alb", "DomainName": "origin.example.com", "VpcOriginConfig": {"VpcOriginId": "vo_abcdefghijklmnopqrstuv", "OriginReadTimeout": 30, "OriginKeepaliveTimeout": 5}}]},
                   "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "redirect-to-https", "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}}
            d = cf.create_distribution(DistributionConfig=cfg)["Distribution"]
            return cf.get_distribution(Id=d["Id"])["Distribution"]["DistributionConfig"]["Origins"]["Items"][0].get("VpcOriginConfig")

        self.assertEqual(run(self.shimmed), {"VpcOriginId": "vo_abcdefghijklmnopqrstuv", "OriginReadTimeout": 30, "OriginKeepaliveTimeout": 5})
        self.assertIsNone(run(self.plain))

    def test_cloudfront_distribution_tags_under_the_aws_arn(self):
        def run(s):
            cf = s.client("cloudfront")
            cfg = {"CallerReference": "edge-t", "Comment": "", "Enabled": True,
                   "Origins": {"Quantity": 1, "Items": [{"Id": "o", "DomainName": "origin.example.com", "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
                   "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all", "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}
            d = cf.create_distribution_with_tags(DistributionConfigWithTags={"DistributionConfig": cfg, "Tags": {"Items": [{"Key": "Project", "Value": "helloapi"}]}})["Distribution"]
            aws_arn = f"arn:aws:cloudfront::111111111111:distribution/{d['Id']}"
            return cf.list_tags_for_resource(Resource=aws_arn)["Tags"].get("Items")

        self.assertEqual(run(self.shimmed), [{"Key": "Project", "Value": "helloapi"}])
        self.assertFalse(run(self.plain))

    def test_rds_parameter_group_parameters_are_user_source(self):
        def run(s):
            rds = s.client("rds")
            rds.create_db_parameter_group(DBParameterGroupName="pg-1", DBParameterGroupFamily="postgres17", Description="pg")
            rds.modify_db_parameter_group(DBParameterGroupName="pg-1", Parameters=[
                {"ParameterName": "log_connections", "ParameterValue": "1", "ApplyMethod": "immediate"},
                {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"},
            ])
            every = rds.describe_db_parameters(DBParameterGroupName="pg-1")["Parameters"]
            user = rds.describe_db_parameters(DBParameterGroupName="pg-1", Source="user")["Parameters"]
            default = rds.describe_db_parameters(DBParameterGroupName="pg-1", Source="engine-default")["Parameters"]
            return sorted((p["ParameterName"], p.get("Source")) for p in every), len(user), len(default)

        self.assertEqual(run(self.shimmed), ([("log_connections", "user"), ("rds.force_ssl", "user")], 2, 0))
        self.assertEqual(run(self.plain), ([("log_connections", None), ("rds.force_ssl", None)], 2, 2))

    def test_ecs_service_keeps_its_settings(self):
        def run(s):
            ec2, ecs = s.client("ec2"), s.client("ecs")
            vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
            sg = ec2.create_security_group(GroupName="svc", Description="svc", VpcId=vpc)["GroupId"]
            ecs.create_cluster(clusterName="c1")
            ecs.register_task_definition(family="api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
                                         containerDefinitions=[{"name": "api", "image": "x:1"}])
            ecs.create_service(
                cluster="c1", serviceName="api", taskDefinition="api", desiredCount=1, launchType="FARGATE",
                networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [sg]}},
                availabilityZoneRebalancing="ENABLED", enableECSManagedTags=True, healthCheckGracePeriodSeconds=60, enableExecuteCommand=False,
                deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}, "maximumPercent": 200, "minimumHealthyPercent": 100},
            )

            def read():
                svc = ecs.describe_services(cluster="c1", services=["api"])["services"][0]
                return (svc.get("availabilityZoneRebalancing"), svc.get("enableECSManagedTags"), svc.get("healthCheckGracePeriodSeconds"),
                        svc.get("enableExecuteCommand"), (svc.get("deploymentConfiguration") or {}).get("deploymentCircuitBreaker"))

            created = read()
            ecs.update_service(cluster="c1", service="api", healthCheckGracePeriodSeconds=90, availabilityZoneRebalancing="DISABLED")
            return created, read()

        breaker = {"enable": True, "rollback": True}
        self.assertEqual(run(self.shimmed), (("ENABLED", True, 60, False, breaker), ("DISABLED", True, 90, False, breaker)))
        self.assertEqual(run(self.plain)[0], (None, None, None, None, None))

    def test_application_autoscaling_tags_given_at_registration(self):
        def run(s):
            ec2, ecs, aas = s.client("ec2"), s.client("ecs"), s.client("application-autoscaling")
            ecs.create_cluster(clusterName="c2")
            ecs.register_task_definition(family="api2", containerDefinitions=[{"name": "api", "image": "x:1", "memory": 512}])
            ecs.create_service(cluster="c2", serviceName="api2", taskDefinition="api2", desiredCount=1)
            target = dict(ServiceNamespace="ecs", ResourceId="service/c2/api2", ScalableDimension="ecs:service:DesiredCount")
            arn = aas.register_scalable_target(**target, MinCapacity=1, MaxCapacity=3, Tags={"Project": "helloapi"})["ScalableTargetARN"]
            described = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=["service/c2/api2"])["ScalableTargets"][0]
            tags = aas.list_tags_for_resource(ResourceARN=arn)["Tags"]
            aas.deregister_scalable_target(**target)
            return described["ScalableTargetARN"] == arn, tags, aas.list_tags_for_resource(ResourceARN=arn)["Tags"]

        self.assertEqual(run(self.shimmed), (True, {"Project": "helloapi"}, {}))
        # moto: the tags are not kept (and ListTagsForResource is not implemented: a 500).
        try:
            plain = run(self.plain)
        except botocore.exceptions.ClientError as e:
            plain = e.response["ResponseMetadata"]["HTTPStatusCode"]
        self.assertNotEqual(plain, (True, {"Project": "helloapi"}, {}))


class LostAnswers(unittest.TestCase):
    """server.py (Serialized) answers a retry of an operation it has already handled with the first answer, so an
    answer lost on the way (the client retries with the same amz-sdk-invocation-id) does not run the operation twice."""

    TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

    def post(self, url, body, invocation, attempt):
        import urllib.error
        import urllib.request

        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "amz-sdk-invocation-id": invocation,
            "amz-sdk-request": f"attempt={attempt}; max=3",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261205/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        }
        request = urllib.request.Request(url + "/", data=body.encode(), method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def test_a_retry_of_a_handled_create_gets_the_first_answer(self):
        import urllib.parse

        s = Server(False)
        try:
            body = urllib.parse.urlencode({"Action": "CreateRole", "Version": "2010-05-08", "RoleName": "lost-answer", "AssumeRolePolicyDocument": self.TRUST})
            first = self.post(s.url, body, "11111111-1111-4111-8111-111111111111", 1)
            retry = self.post(s.url, body, "11111111-1111-4111-8111-111111111111", 2)
            # A new operation (another invocation id) runs: the role exists, as it would for a retry without this.
            again = self.post(s.url, body, "22222222-2222-4222-8222-222222222222", 2)
            # A retry with the same invocation id but another request is not the same operation: it runs.
            other = urllib.parse.urlencode({"Action": "CreateRole", "Version": "2010-05-08", "RoleName": "lost-answer-2", "AssumeRolePolicyDocument": self.TRUST})
            other_retry = self.post(s.url, other, "11111111-1111-4111-8111-111111111111", 2)
            other_again = self.post(s.url, other, "55555555-5555-4555-8555-555555555555", 1)
            # A first attempt that its retry overtook (both waited on the lock; the retry ran and was answered) gets
            # the stored answer too instead of running the operation again: an SDK sends attempt 1 once.
            overtaken_body = urllib.parse.urlencode({"Action": "CreateRole", "Version": "2010-05-08", "RoleName": "overtaken", "AssumeRolePolicyDocument": self.TRUST})
            overtaking = self.post(s.url, overtaken_body, "66666666-6666-4666-8666-666666666666", 2)
            overtaken = self.post(s.url, overtaken_body, "66666666-6666-4666-8666-666666666666", 1)
            # ... and the role was created once: a new operation creating it again is refused.
            overtaken_again = self.post(s.url, overtaken_body, "77777777-7777-4777-8777-777777777777", 1)
            # An error answer is not kept: a retry of a GetRole answered NoSuchEntity runs again (and finds the role).
            get = urllib.parse.urlencode({"Action": "GetRole", "Version": "2010-05-08", "RoleName": "later"})
            missing = self.post(s.url, get, "33333333-3333-4333-8333-333333333333", 1)
            self.post(s.url, urllib.parse.urlencode({"Action": "CreateRole", "Version": "2010-05-08", "RoleName": "later", "AssumeRolePolicyDocument": self.TRUST}), "44444444-4444-4444-8444-444444444444", 1)
            found = self.post(s.url, get, "33333333-3333-4333-8333-333333333333", 2)
        finally:
            s.stop()
        self.assertEqual(first[0], 200, first)
        self.assertEqual(retry, first)
        self.assertEqual(again[0], 409, again)
        self.assertIn(b"EntityAlreadyExists", again[1])
        self.assertEqual(overtaking[0], 200, overtaking)
        self.assertEqual(overtaken, overtaking)
        self.assertEqual(overtaken_again[0], 409, overtaken_again)
        self.assertEqual((missing[0], found[0]), (404, 200), (missing, found))
        self.assertEqual((other_retry[0], other_again[0]), (200, 409), (other_retry, other_again))


class ConcurrentRequests(unittest.TestCase):
    """server.py handles one request at a time (moto's backends have no locks). The apply tier's lanes send many at
    once: with moto's own threading, DescribeSecurityGroupRules iterates a VPC's groups while a CreateSecurityGroup
    adds one and fails with a 500 ("dictionary changed size during iteration"); the provider reported that as
    "creating VPC Security Group Rule" (prod step 3, one full run in four)."""

    THREADS = 12

    def hammer(self, server, seconds, stop_at_first_error=False):
        """THREADS threads, for up to `seconds`, each: create a security group in one shared VPC, authorize an
        ingress rule (CIDR) and an egress rule (referencing another thread's group, or its own), read both rules back
        by ID. Returns (rule IDs returned, group -> its rule IDs, errors)."""
        import threading
        import time

        setup = server.client("ec2", "222222222222")
        vpc = setup.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        # Groups with rules already there: DescribeSecurityGroupRules walks all of them, as in a stack mid-apply.
        seed = [setup.create_security_group(GroupName=f"seed-{i}", Description="seed", VpcId=vpc)["GroupId"] for i in range(30)]
        lock = threading.Lock()
        rules, by_group, errors = [], {}, []
        done = threading.Event()
        deadline = time.monotonic() + seconds

        def work(t):
            ec2 = server.client("ec2", "222222222222")
            i = 0
            while time.monotonic() < deadline and not done.is_set():
                try:
                    g = ec2.create_security_group(GroupName=f"t{t}-{i}", Description="d", VpcId=vpc)["GroupId"]
                    peer = seed[(t + i) % len(seed)]
                    ingress = ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=[
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": f"10.{t}.{i % 250}.0/24", "Description": "https"}]}])
                    egress = ec2.authorize_security_group_egress(GroupId=peer, IpPermissions=[
                        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": g, "Description": f"t{t}-{i}"}]}])
                    ids = [ingress["SecurityGroupRules"][0]["SecurityGroupRuleId"], egress["SecurityGroupRules"][0]["SecurityGroupRuleId"]]
                    read = ec2.describe_security_group_rules(SecurityGroupRuleIds=ids)["SecurityGroupRules"]
                    with lock:
                        rules.extend(ids)
                        by_group.setdefault(g, []).append(ids[0])
                        by_group.setdefault(peer, []).append(ids[1])
                        if sorted(r["SecurityGroupRuleId"] for r in read) != sorted(ids):
                            errors.append(f"read back {read} for {ids}")
                except Exception as e:  # a 500 from the server is a parse error in botocore (HTML body), not a ClientError
                    with lock:
                        errors.append(f"{type(e).__name__}: {str(e)[:160]}")
                    if stop_at_first_error:
                        done.set()
                i += 1

        threads = [threading.Thread(target=work, args=(t,)) for t in range(self.THREADS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return rules, by_group, errors

    def test_serialized_every_rule_gets_its_id_and_is_listed(self):
        s = Server(False)
        try:
            rules, by_group, errors = self.hammer(s, 4)
            ec2 = s.client("ec2", "222222222222")
            listed = {r["SecurityGroupRuleId"]: r["GroupId"] for p in ec2.get_paginator("describe_security_group_rules").paginate() for r in p["SecurityGroupRules"]}
            self.assertEqual(errors, [])
            self.assertGreater(len(rules), 50)
            self.assertEqual([r for r in rules if r not in listed], [])
            self.assertEqual({g: sorted(ids) for g, ids in by_group.items()},
                             {g: sorted(r for r in rules if listed[r] == g) for g in by_group})
        finally:
            s.stop()

    def test_unserialized_moto_fails_under_the_same_load(self):
        s = Server(False, serialized=False)
        try:
            _, _, errors = self.hammer(s, 40, stop_at_first_error=True)
        finally:
            s.stop()
        self.assertTrue(any("500" in e or "Internal Server Error" in e for e in errors), errors)


if __name__ == "__main__":
    unittest.main()
