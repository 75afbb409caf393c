/**
 * Copyright IBM Corp. 2021, 2026
 * SPDX-License-Identifier: MPL-2.0
 */
import { Construct } from 'constructs';
import * as cdktn from 'cdktn';
export interface ApiGatewayAccountConfig extends cdktn.TerraformMetaArguments {
    readonly cloudwatchRoleArn?: string;
    readonly region?: string;
}
export interface ApiGatewayAccountThrottleSettings {
}
export declare function apiGatewayAccountThrottleSettingsToTerraform(struct?: ApiGatewayAccountThrottleSettings): any;
export declare function apiGatewayAccountThrottleSettingsToHclTerraform(struct?: ApiGatewayAccountThrottleSettings): any;
export declare class ApiGatewayAccountThrottleSettingsOutputReference extends cdktn.ComplexObject {
    private isEmptyObject;
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean);
    get internalValue(): ApiGatewayAccountThrottleSettings | undefined;
    set internalValue(value: ApiGatewayAccountThrottleSettings | undefined);
    get burstLimit(): number;
    get rateLimit(): number;
}
export declare class ApiGatewayAccountThrottleSettingsList extends cdktn.ComplexList {
    constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean);
    get(index: number): ApiGatewayAccountThrottleSettingsOutputReference;
}
export declare class ApiGatewayAccount extends cdktn.TerraformResource {
    static readonly tfResourceType = "aws_api_gateway_account";
    static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider): cdktn.ImportableResource;
    constructor(scope: Construct, id: string, config?: ApiGatewayAccountConfig);
    get apiKeyVersion(): string;
    private _cloudwatchRoleArn?;
    get cloudwatchRoleArn(): string;
    set cloudwatchRoleArn(value: string);
    resetCloudwatchRoleArn(): void;
    get cloudwatchRoleArnInput(): string | undefined;
    get features(): string[];
    get id(): string;
    private _region?;
    get region(): string;
    set region(value: string);
    resetRegion(): void;
    get regionInput(): string | undefined;
    private _throttleSettings;
    get throttleSettings(): ApiGatewayAccountThrottleSettingsList;
    protected synthesizeAttributes(): {
        [name: string]: any;
    };
    protected synthesizeHclAttributes(): {
        [name: string]: any;
    };
}
