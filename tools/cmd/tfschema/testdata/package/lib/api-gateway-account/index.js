"use strict";
var _a, _b, _c;
Object.defineProperty(exports, "__esModule", { value: true });
exports.ApiGatewayAccount = exports.ApiGatewayAccountThrottleSettingsList = exports.ApiGatewayAccountThrottleSettingsOutputReference = void 0;
exports.apiGatewayAccountThrottleSettingsToTerraform = apiGatewayAccountThrottleSettingsToTerraform;
exports.apiGatewayAccountThrottleSettingsToHclTerraform = apiGatewayAccountThrottleSettingsToHclTerraform;
const JSII_RTTI_SYMBOL_1 = Symbol.for("jsii.rtti");
const cdktn = require("cdktn");
function apiGatewayAccountThrottleSettingsToTerraform(struct) {
    if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) {
        return struct;
    }
    if (cdktn.isComplexElement(struct)) {
        throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
    }
    return {};
}
function apiGatewayAccountThrottleSettingsToHclTerraform(struct) {
    if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) {
        return struct;
    }
    if (cdktn.isComplexElement(struct)) {
        throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
    }
    const attrs = {};
    return attrs;
}
class ApiGatewayAccountThrottleSettingsOutputReference extends cdktn.ComplexObject {
    constructor(terraformResource, terraformAttribute, complexObjectIndex, complexObjectIsFromSet) {
        super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
        this.isEmptyObject = false;
    }
    get internalValue() {
        let hasAnyValues = this.isEmptyObject;
        const internalValueResult = {};
        return hasAnyValues ? internalValueResult : undefined;
    }
    set internalValue(value) {
        if (value === undefined) {
            this.isEmptyObject = false;
        }
        else {
            this.isEmptyObject = Object.keys(value).length === 0;
        }
    }
    // burst_limit - computed: true, optional: false, required: false
    get burstLimit() {
        return this.getNumberAttribute('burst_limit');
    }
    // rate_limit - computed: true, optional: false, required: false
    get rateLimit() {
        return this.getNumberAttribute('rate_limit');
    }
}
exports.ApiGatewayAccountThrottleSettingsOutputReference = ApiGatewayAccountThrottleSettingsOutputReference;
_a = JSII_RTTI_SYMBOL_1;
ApiGatewayAccountThrottleSettingsOutputReference[_a] = { fqn: "@cdktn/provider-aws.apiGatewayAccount.ApiGatewayAccountThrottleSettingsOutputReference", version: "24.1.0" };
class ApiGatewayAccountThrottleSettingsList extends cdktn.ComplexList {
    constructor(terraformResource, terraformAttribute, wrapsSet) {
        super(terraformResource, terraformAttribute, wrapsSet);
    }
    get(index) {
        return new ApiGatewayAccountThrottleSettingsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
    }
}
exports.ApiGatewayAccountThrottleSettingsList = ApiGatewayAccountThrottleSettingsList;
_b = JSII_RTTI_SYMBOL_1;
ApiGatewayAccountThrottleSettingsList[_b] = { fqn: "@cdktn/provider-aws.apiGatewayAccount.ApiGatewayAccountThrottleSettingsList", version: "24.1.0" };
class ApiGatewayAccount extends cdktn.TerraformResource {
    // ==============
    // STATIC Methods
    // ==============
    static generateConfigForImport(scope, importToId, importFromId, provider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "aws_api_gateway_account", importId: importFromId, provider });
    }
    // ===========
    // INITIALIZER
    // ===========
    constructor(scope, id, config = {}) {
        super(scope, id, {
            terraformResourceType: 'aws_api_gateway_account',
            terraformGeneratorMetadata: {
                providerName: 'aws',
                providerVersion: '6.45.0',
                providerVersionConstraint: '~> 6.0'
            },
            provider: config.provider,
            dependsOn: config.dependsOn,
            count: config.count,
            lifecycle: config.lifecycle,
            provisioners: config.provisioners,
            connection: config.connection,
            forEach: config.forEach
        });
        // throttle_settings - computed: true, optional: false, required: false
        this._throttleSettings = new ApiGatewayAccountThrottleSettingsList(this, "throttle_settings", false);
        this._cloudwatchRoleArn = config.cloudwatchRoleArn;
        this._region = config.region;
    }
    // ==========
    // ATTRIBUTES
    // ==========
    // api_key_version - computed: true, optional: false, required: false
    get apiKeyVersion() {
        return this.getStringAttribute('api_key_version');
    }
    get cloudwatchRoleArn() {
        return this.getStringAttribute('cloudwatch_role_arn');
    }
    set cloudwatchRoleArn(value) {
        this._cloudwatchRoleArn = value;
    }
    resetCloudwatchRoleArn() {
        this._cloudwatchRoleArn = undefined;
    }
    // Temporarily expose input value. Use with caution.
    get cloudwatchRoleArnInput() {
        return this._cloudwatchRoleArn;
    }
    // features - computed: true, optional: false, required: false
    get features() {
        return cdktn.Fn.tolist(this.getListAttribute('features'));
    }
    // id - computed: true, optional: false, required: false
    get id() {
        return this.getStringAttribute('id');
    }
    get region() {
        return this.getStringAttribute('region');
    }
    set region(value) {
        this._region = value;
    }
    resetRegion() {
        this._region = undefined;
    }
    // Temporarily expose input value. Use with caution.
    get regionInput() {
        return this._region;
    }
    get throttleSettings() {
        return this._throttleSettings;
    }
    // =========
    // SYNTHESIS
    // =========
    synthesizeAttributes() {
        return {
            cloudwatch_role_arn: cdktn.stringToTerraform(this._cloudwatchRoleArn),
            region: cdktn.stringToTerraform(this._region),
        };
    }
    synthesizeHclAttributes() {
        const attrs = {
            cloudwatch_role_arn: {
                value: cdktn.stringToHclTerraform(this._cloudwatchRoleArn),
                isBlock: false,
                type: "simple",
                storageClassType: "string",
            },
            region: {
                value: cdktn.stringToHclTerraform(this._region),
                isBlock: false,
                type: "simple",
                storageClassType: "string",
            },
        };
        // remove undefined attributes
        return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
    }
}
exports.ApiGatewayAccount = ApiGatewayAccount;
_c = JSII_RTTI_SYMBOL_1;
ApiGatewayAccount[_c] = { fqn: "@cdktn/provider-aws.apiGatewayAccount.ApiGatewayAccount", version: "24.1.0" };
// =================
// STATIC PROPERTIES
// =================
ApiGatewayAccount.tfResourceType = "aws_api_gateway_account";
