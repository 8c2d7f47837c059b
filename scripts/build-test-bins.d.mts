export declare const TEST_BIN_DIR: string;
export declare const HQ_TEMPLATE_DIR: string;
export declare const TEST_BINS: Record<string, string>;
export declare function buildTestBins(): Promise<string>;
